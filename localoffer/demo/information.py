"""Demo information pages: the areas a Local Offer must cover (SEND Regulations 2014, schedule 2).

Written for the demo borough from the Children and Families Act 2014 and the SEND Code of Practice
(2015). Each page is a list of InformationStreamBlock blocks in raw StreamField form.
"""


def h(text):
    return {"type": "heading", "value": text}


def p(*paragraphs):
    return {"type": "paragraph", "value": "".join(f"<p>{text}</p>" for text in paragraphs)}


def ul(*items, intro=""):
    intro_html = f"<p>{intro}</p>" if intro else ""
    return {"type": "paragraph", "value": intro_html + "<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>"}


def ol(*items, intro=""):
    intro_html = f"<p>{intro}</p>" if intro else ""
    return {"type": "paragraph", "value": intro_html + "<ol>" + "".join(f"<li>{i}</li>" for i in items) + "</ol>"}


def inset(text):
    return {"type": "inset_text", "value": f"<p>{text}</p>"}


def warning(text):
    return {"type": "warning_text", "value": text}


def details(summary, text):
    return {"type": "details", "value": {"summary": summary, "text": f"<p>{text}</p>"}}


def button(text, link):
    return {"type": "button", "value": {"text": text, "link": link, "page": None}}


FIND = "/services/"

EDUCATION = {
    "title": "Education",
    "slug": "education",
    "summary": "Nurseries, schools and colleges: how they support children and young people with SEND.",
    "body": [
        p(
            "Every nursery, school and college in Camden must use its best endeavours to make sure a child or "
            "young person with special educational needs gets the support they need. Most children's needs are "
            "met by their setting through <b>SEN support</b>; some need an education, health and care (EHC) plan.",
        ),
        ul(
            "identify needs early and talk to you about them",
            "have a special educational needs co-ordinator (SENCO) or named person for SEND",
            "publish a SEN information report saying how they support pupils with SEND",
            "make reasonable adjustments for disabled pupils under the Equality Act 2010",
            intro="All settings must:",
        ),
        inset("Read the pages below for what to expect at each stage: early years, school and post-16."),
    ],
    "children": [
        {
            "title": "Early years (0 to 5)",
            "slug": "early-years",
            "summary": "Nurseries, childminders and pre-schools, funded places and inclusion support for under-5s.",
            "body": [
                p(
                    "Health visitors check your child's development at 1 year and at 2 to 2 and a half years. If "
                    "you or they are worried, they can refer your child to the Child Development Team or to "
                    "speech and language therapy. You do not have to wait for a diagnosis to get support.",
                ),
                h("Funded early education"),
                ul(
                    "every 3 and 4-year-old can have 15 hours a week of free early education, 38 weeks a year",
                    "working families can have up to 30 hours from 9 months old",
                    "2-year-olds can have 15 hours if they get Disability Living Allowance, have an EHC plan, or "
                    "the family gets certain benefits",
                ),
                h("Support in your child's setting"),
                p(
                    "Nurseries and childminders use a graduated approach: assess, plan, do, review. The Early "
                    "Years Inclusion Team's area SENCOs help settings plan support and can apply for SEN "
                    "inclusion funding for extra staff time or equipment. Settings can also claim the Disability "
                    "Access Fund, a yearly payment for 3 and 4-year-olds who get Disability Living Allowance.",
                ),
                details(
                    "What is Portage?",
                    "Portage is a home visiting service for pre-school children with complex needs. A Portage "
                    "worker visits weekly and helps you support your child's learning through play.",
                ),
                button("Find early years services", f"{FIND}?categories=early-years"),
            ],
        },
        {
            "title": "Schools (5 to 16)",
            "slug": "schools",
            "summary": "SEN support in mainstream schools, resource bases, special schools and school places.",
            "body": [
                p(
                    "Most children with SEND go to their local mainstream school. Every school gets money for "
                    "SEN support and must tell you when it starts giving your child extra help. You should meet "
                    "the class teacher or SENCO at least three times a year to review progress.",
                ),
                h("Types of school"),
                ul(
                    "<b>mainstream schools</b>, with SEN support or an EHC plan",
                    "<b>resource bases</b>: specialist classes inside mainstream schools, for children with an "
                    "EHC plan naming the base",
                    "<b>special schools</b>: for children whose needs cannot reasonably be met in mainstream, "
                    "with an EHC plan",
                    "<b>alternative provision</b>: for children who cannot attend school because of health needs "
                    "or exclusion",
                ),
                h("Choosing a school"),
                p(
                    "If your child has an EHC plan, you can ask for a particular school to be named in it. The "
                    "council must name it unless it is unsuitable, or your child being there would be "
                    "incompatible with the efficient education of others or the efficient use of resources.",
                ),
                warning("If your child is excluded, the school must tell you the same day and explain your rights."),
                button("Find school services", f"{FIND}?categories=schools"),
            ],
        },
        {
            "title": "Post-16: sixth forms and colleges",
            "slug": "post-16",
            "summary": "Education from 16 to 25: sixth forms, colleges, specialist colleges and supported internships.",
            "body": [
                p(
                    "Young people must stay in education or training until 18. With SEND you may stay in "
                    "education until 25 if you have an EHC plan and still need to achieve your outcomes.",
                ),
                ul(
                    "school sixth forms and special school sixth forms",
                    "further education colleges, with additional learning support for any course",
                    "specialist post-16 institutions, for young people with complex needs",
                    "supported internships, traineeships and apprenticeships",
                    intro="Your options include:",
                ),
                inset(
                    "From 16, you can make your own decisions about your EHC plan, including asking for a "
                    "particular college and appealing decisions. Your parents can still help you if you want."
                ),
                details(
                    "Do I need an EHC plan to get support at college?",
                    "No. Colleges must support students with SEND whether or not they have a plan. Tell the "
                    "college about your needs when you apply so support is ready when you start.",
                ),
                button("Find post-16 services", f"{FIND}?categories=post-16"),
            ],
        },
    ],
}

IDENTIFYING_NEEDS = {
    "title": "Identifying needs and EHC needs assessments",
    "slug": "ehc-needs-assessments",
    "summary": "How needs are identified, SEN support, and how to ask for an EHC needs assessment.",
    "body": [
        p(
            "Special educational needs can be noticed at any age, by you, a health visitor, a nursery, a teacher "
            "or the young person themselves. If you are worried, talk to the SENCO or your GP first.",
        ),
        h("SEN support"),
        p(
            "The setting assesses your child's needs, plans support with you, puts it in place and reviews it. "
            "This cycle is called the graduated approach. It may include specialist advice from an educational "
            "psychologist, a speech and language therapist or an outreach teacher.",
        ),
        h("Asking for an EHC needs assessment"),
        p(
            "If your child's needs cannot be met through SEN support, you, a young person aged 16 to 25, or the "
            "school or college can ask the council for an EHC needs assessment. Write to the SEND Service: you do "
            "not need the school's agreement or a diagnosis.",
        ),
        ol(
            "within <b>6 weeks</b> the council decides whether to assess",
            "it collects advice from you, education, health, social care and an educational psychologist",
            "within <b>16 weeks</b> it tells you whether it will issue a plan and sends a draft plan",
            "you have <b>15 days</b> to comment on the draft and name a school or college",
            "the final plan is issued within <b>20 weeks</b> of the request",
            intro="What happens next:",
        ),
        warning("If the council refuses to assess or to issue a plan, you can appeal to the SEND Tribunal."),
        details(
            "What is in an EHC plan?",
            "An EHC plan describes your child's needs, the outcomes they are working towards, and the education, "
            "health and social care provision they must get. It is reviewed at least every 12 months, or every 6 "
            "months for children under 5.",
        ),
        button("Talk to the SEND information, advice and support service", f"{FIND}?categories=information-advice"),
    ],
}

HEALTH = {
    "title": "Health",
    "slug": "health",
    "summary": "Health visiting, therapies, paediatrics, mental health and continuing care.",
    "body": [
        p(
            "NHS services for children with SEND in Camden include health visiting and school nursing, speech and "
            "language therapy, occupational therapy and physiotherapy, the Child Development Team, CAMHS, and "
            "specialist nursing for epilepsy, continence and complex health needs.",
        ),
        h("How to get a referral"),
        p(
            "Most therapies accept referrals from a GP, health visitor, school or nursery. Some, such as the "
            "speech and language therapy drop-ins, let families refer themselves.",
        ),
        inset(
            "If your child has an EHC plan, any health provision in section G that is needed for their education "
            "must be written in section F, and the NHS must make sure it is provided."
        ),
        details(
            "What is the Designated Clinical Officer?",
            "The Designated Clinical Officer (DCO) makes sure health services play their part in EHC needs "
            "assessments and plans. You can contact the DCO through the Integrated Care Board.",
        ),
        button("Find health services", f"{FIND}?categories=health"),
    ],
}

SOCIAL_CARE = {
    "title": "Social care and short breaks",
    "slug": "social-care",
    "summary": "Social care assessments, short breaks, carers' assessments and support at home.",
    "body": [
        p(
            "Disabled children are children in need under the Children Act 1989. You can ask the Children and "
            "Young People's Disability Service for an assessment of what your family needs.",
        ),
        h("Short breaks"),
        p(
            "Short breaks give disabled children time away from their parents doing things they enjoy, and give "
            "parents a break from caring. Some are open to everyone, such as inclusive youth clubs and play "
            "schemes. Others, such as overnight stays or a support worker, follow an assessment.",
        ),
        ul(
            "universal and open-access activities: no assessment needed",
            "targeted short breaks, such as Saturday clubs: contact the provider",
            "specialist short breaks: after a social care assessment",
            intro="Camden's short breaks statement describes three levels:",
        ),
        h("Support for parent carers"),
        p(
            "Parent carers have a right to a carer's assessment of their own needs, including whether they can "
            "work, study or take a break. Young carers of disabled brothers and sisters can get support too.",
        ),
        button("Find social care and short breaks", f"{FIND}?categories=social-care"),
    ],
}

TRAINING = {
    "title": "Training and apprenticeships",
    "slug": "training-and-apprenticeships",
    "summary": "Supported internships, apprenticeships, traineeships and help into work.",
    "body": [
        p(
            "There are several routes into work for young people with SEND. You can combine them with an EHC "
            "plan until you are 25.",
        ),
        ul(
            "<b>supported internships</b>: a year on an employer's premises with a job coach, for young people "
            "aged 16 to 24 with an EHC plan",
            "<b>apprenticeships</b>: paid jobs with training; English and maths requirements can be adjusted "
            "for apprentices with an EHC plan",
            "<b>traineeships and pre-employment courses</b>: building skills and experience for work",
            "<b>Access to Work</b>: a government grant for equipment, support workers and travel at work",
        ),
        button("Find training and apprenticeships", f"{FIND}?categories=training"),
    ],
}

TRAVEL = {
    "title": "Travel and transport",
    "slug": "travel",
    "summary": "Travel assistance to school and college, travel training, Freedom Passes and Blue Badges.",
    "body": [
        p(
            "Children of compulsory school age get free travel to their nearest suitable school if they live "
            "beyond walking distance (2 miles under 8, 3 miles from 8), or if they cannot reasonably be expected "
            "to walk there because of their SEND, disability or mobility problem.",
        ),
        ul(
            "a travel pass or personal travel budget",
            "a shared minibus or taxi with a passenger assistant",
            "independent travel training",
            intro="Travel assistance may be:",
        ),
        inset("Apply for September travel assistance from March so a decision is made before term starts."),
        details(
            "Post-16 travel",
            "For young people aged 16 to 19, and learners aged 19 to 25 with an EHC plan, the council publishes "
            "a post-16 transport policy statement each May. Most young Londoners travel free on buses with a "
            "Zip Oyster photocard.",
        ),
        button("Find travel services", f"{FIND}?categories=travel"),
    ],
}

ADULTHOOD = {
    "title": "Moving on and preparing for adulthood",
    "slug": "preparing-for-adulthood",
    "summary": "Moving between nursery, school and college, and planning for adult life from year 9.",
    "body": [
        p(
            "Moving from nursery to school, primary to secondary, or school to college can be hard. Settings "
            "should plan moves with you well ahead: visits, transition books and sharing information.",
        ),
        h("Preparing for adulthood from year 9"),
        p(
            "From year 9, every EHC plan review must focus on preparing for adulthood: paid work and higher "
            "education, independent living, friendships and community, and good health.",
        ),
        ul(
            "at 16: you can make your own decisions about your EHC plan",
            "at 17 to 18: adult social care and adult health services should plan with you",
            "at 18: you can claim Personal Independence Payment instead of Disability Living Allowance",
            "up to 25: your EHC plan can continue while you are in education or training",
        ),
        details(
            "What if I can't make decisions for myself?",
            "The Mental Capacity Act 2005 applies from 16. If a young person lacks capacity to make a decision, "
            "a parent or deputy makes it on their behalf.",
        ),
        button("Find preparing for adulthood services", f"{FIND}?categories=preparing-for-adulthood"),
    ],
}

CHILDCARE = {
    "title": "Childcare",
    "slug": "childcare",
    "summary": "Childminders, nurseries, after-school clubs and holiday schemes that include children with SEND.",
    "body": [
        p(
            "All childcare providers must make reasonable adjustments for disabled children. Some childminders "
            "and clubs have extra training, for example in giving medication or using Makaton.",
        ),
        ul(
            "Tax-Free Childcare: up to £4,000 a year for a disabled child under 17",
            "Universal Credit childcare costs: up to 85% of costs",
            "funded early education hours for 2, 3 and 4-year-olds",
            intro="Help with costs:",
        ),
        button("Find childcare", f"{FIND}?categories=childcare"),
    ],
}

LEISURE = {
    "title": "Leisure activities and support groups",
    "slug": "leisure-and-support-groups",
    "summary": "Sport, play, arts and youth clubs, and groups for parents, carers and young people.",
    "body": [
        p(
            "Camden's leisure centres, libraries, adventure playgrounds and youth clubs run inclusive sessions, "
            "and specialist groups run sport, drama and social clubs for disabled children and young people.",
        ),
        inset(
            "Carers go free in Camden leisure centres when they support a disabled child or young person. Ask for "
            "a carer's pass at reception."
        ),
        h("Support groups"),
        p(
            "Parent-led groups offer friendship and practical advice from people who understand. Groups meet for "
            "autism, ADHD, Down syndrome, deaf children, and families of children who find school hard.",
        ),
        button("Find leisure activities", f"{FIND}?categories=leisure"),
        button("Find support groups", f"{FIND}?categories=support-groups"),
    ],
}

ADVICE = {
    "title": "Information, advice and support",
    "slug": "information-and-advice",
    "summary": "Impartial SEND advice, the parent carer forum, benefits advice and how to have your say.",
    "body": [
        p(
            "Camden SEND Information, Advice and Support Service (SENDIASS) gives free, impartial and "
            "confidential advice to parents, children and young people. It is run at arm's length from the "
            "council.",
        ),
        ul(
            "understanding SEN support and EHC plans",
            "help with letters, forms and meetings",
            "exclusions, disability discrimination and appeals",
            "advice for young people aged 16 to 25 in their own right",
            intro="SENDIASS can help with:",
        ),
        h("Have your say"),
        p(
            "The Camden Parent Carer Forum represents families in decisions about SEND services. You can also "
            "comment on the Local Offer: we publish comments and our responses on the You said, we did page.",
        ),
        button("Find information and advice services", f"{FIND}?categories=information-advice"),
    ],
}

COMPLAINTS = {
    "title": "Complaints, mediation and tribunal appeals",
    "slug": "complaints-mediation-and-appeals",
    "summary": "How to resolve disagreements, use mediation and appeal to the SEND Tribunal.",
    "body": [
        p(
            "Most disagreements are best resolved by talking to the school, college or your SEND caseworker. If "
            "that does not work, there are formal routes.",
        ),
        h("Disagreement resolution"),
        p(
            "An independent disagreement resolution service helps families, schools, the council and the NHS "
            "resolve disagreements at any stage. It is free and voluntary.",
        ),
        h("Mediation"),
        p(
            "Before appealing to the SEND Tribunal about an EHC needs assessment or plan, you must contact the "
            "mediation service to get a certificate, unless the appeal is only about the school named. "
            "Mediation is free and must take place within 30 days.",
        ),
        h("Appeals to the SEND Tribunal"),
        p(
            "You can appeal a decision not to assess, not to issue a plan, or the contents of a plan. Appeal "
            "within 2 months of the decision letter, or 1 month from your mediation certificate, whichever is "
            "later.",
        ),
        warning("Keep every decision letter: the appeal deadline runs from the date on it."),
        h("Complaints"),
        p(
            "Complain about a school to its governing body, about the council through its complaints process, "
            "and about NHS services to the provider. If you are not satisfied, you can go to the Local "
            "Government and Social Care Ombudsman or the Parliamentary and Health Service Ombudsman.",
        ),
        button("Find mediation and appeal support", f"{FIND}?categories=complaints-mediation"),
    ],
}

PERSONAL_BUDGETS = {
    "title": "Personal budgets",
    "slug": "personal-budgets",
    "summary": "Camden's personal budgets policy: who can have one, what it can pay for and how to manage it.",
    "body": [
        p(
            "A personal budget is an amount of money identified to deliver part of the provision in an EHC plan. "
            "You can ask for one when a plan is being drawn up or reviewed.",
        ),
        button("Ask for a personal budget", "/budgets/ask/"),
        ul(
            "<b>direct payments</b>: money paid to you to buy the support yourself",
            "<b>arrangements</b>: the council or school holds the money and buys support you choose",
            "<b>third-party arrangements</b>: an organisation you choose manages the money",
            "a combination of these",
            intro="A personal budget can be managed as:",
        ),
        h("What a personal budget can pay for"),
        p(
            "Education elements can fund specialist support outside school, such as a tutor or therapy that is in "
            "the plan. Social care elements can fund short breaks and personal assistants. Health elements, "
            "called personal health budgets, can fund agreed health support.",
        ),
        inset(
            "Spending must meet the outcomes in the plan. We review direct payments at least every 12 months and "
            "ask for receipts or a spending return every quarter."
        ),
        details(
            "Can a school's budget be included?",
            "Only with the agreement of the head teacher, where the provision would otherwise be delivered by "
            "the school.",
        ),
    ],
}

PAGES = [
    EDUCATION,
    IDENTIFYING_NEEDS,
    HEALTH,
    SOCIAL_CARE,
    TRAINING,
    TRAVEL,
    ADULTHOOD,
    CHILDCARE,
    LEISURE,
    ADVICE,
    COMPLAINTS,
    PERSONAL_BUDGETS,
]
