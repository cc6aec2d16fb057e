"""Demo "you said, we did" comments: published ones across two years, and some waiting for moderation."""

from ..models import Feedback

P, N, R = Feedback.PUBLISHED, Feedback.NEW, Feedback.REJECTED

# (days ago, about, comment as sent, comment as published, our response, what we did, status)
COMMENTS = [
    (
        640,
        "Finding services",
        "I couldn't find anything for my son who is 17 and autistic, everything seems to be for little kids.",
        "It is hard to find services for autistic young people aged 16 and over.",
        "You are right: too few services for older young people were listed, and the age filter did not work well.",
        "We added 14 services for young people aged 16 to 25, including supported internships and social "
        "clubs, and the directory now filters by exact age.",
        P,
    ),
    (
        600,
        "Short breaks",
        "The short breaks page does not say how to apply or how long it takes. I rang three times.",
        "The short breaks information does not explain how to apply or how long it takes.",
        "We agree. The page now sets out the steps and timescales.",
        "We rewrote the social care page with the Children's Disability Service, added the eligibility criteria "
        "and a named duty number, and now answer short breaks enquiries within 5 working days.",
        P,
    ),
    (
        560,
        "EHC needs assessments",
        "Please explain what happens after I ask for an assessment. Nobody told us about the 6 weeks.",
        "Parents are not told what happens after they ask for an EHC needs assessment, or the timescales.",
        "Thank you. Families should know every step and deadline.",
        "We published a step-by-step guide with the 6-week and 20-week deadlines, and caseworkers now send a "
        "letter with these dates when a request arrives.",
        P,
    ),
    (
        500,
        "Accessibility",
        "The old website was impossible with my screen reader.",
        "The Local Offer website was hard to use with a screen reader.",
        "We are sorry. Everyone must be able to use the Local Offer.",
        "The new Local Offer is built on the GOV.UK Design System and tested with screen readers and automated "
        "accessibility checks on every page.",
        P,
    ),
    (
        470,
        "Leisure",
        "There is nothing on Saturdays for my daughter who uses a wheelchair.",
        "There are few weekend activities for wheelchair users.",
        "We have worked with leisure providers to add weekend sessions.",
        "Inclusive cycling, wheelchair basketball and relaxed swimming now run on Saturdays, and all are listed "
        "in the directory.",
        P,
    ),
    (
        300,
        "Travel assistance",
        "My child's travel assistance decision took two months and we missed the start of term.",
        "Travel assistance decisions take too long, so some children miss the start of term.",
        "We agree this is not acceptable. Decisions should be made within 20 school days.",
        "Applications for September now open in March, and we publish how many decisions we make on time each term.",
        P,
    ),
    (
        250,
        "Preparing for adulthood",
        "I'm 18 and I want to know what happens to my EHC plan when I go to college, the pages talk to my mum not me.",
        "Pages about preparing for adulthood speak to parents, not to young people themselves.",
        "Thank you for telling us. From 16, young people make their own decisions about their EHC plan.",
        "We rewrote the preparing for adulthood pages with our young people's advisory group, speaking directly "
        "to young people.",
        P,
    ),
    (
        120,
        "Support groups",
        "Is there any group for dads? It's always mums at the coffee mornings.",
        "There are no support groups aimed at fathers and male carers.",
        "We passed this on to the Parent Carer Forum and family hubs.",
        "A monthly Saturday group for dads and male carers now meets at Kentish Town Children's Centre.",
        P,
    ),
    (
        60,
        "Information pages",
        "The mediation page is very long and uses lots of legal words.",
        "The mediation and appeals information is long and full of legal terms.",
        "We have shortened it and explained every term.",
        "",
        P,
    ),
    (
        12,
        "Directory",
        "Could you show which services have quiet times? My son can't cope with busy places.",
        "",
        "",
        "",
        N,
    ),
    (
        6,
        "",
        "The speech therapy waiting list is 9 months and my daughter is 3. What is being done?",
        "",
        "",
        "",
        N,
    ),
    (
        2,
        "Childcare",
        "We need more childminders who can give medication. Only one near us in NW6.",
        "",
        "",
        "",
        N,
    ),
    (
        90,
        "",
        "Buy cheap followers at example dot com",
        "",
        "",
        "",
        R,
    ),
]
