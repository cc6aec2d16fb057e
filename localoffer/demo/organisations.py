"""Demo organisations and the places they work from. Fictional, written for the demo borough.

Phone numbers are in Ofcom's range reserved for drama (020 7946 0000 to 0999); email addresses and
websites use example domains, so nothing here reaches a real person.
"""

# key: (name, description)
ORGANISATIONS = {
    "send-team": (
        "Camden Council SEND Service",
        "The council's special educational needs and disabilities team: EHC needs assessments, EHC plans and "
        "annual reviews for children and young people aged 0 to 25.",
    ),
    "early-years-team": (
        "Camden Council Early Years Inclusion Team",
        "Advisory teachers and inclusion workers who support nurseries, pre-schools and childminders to include "
        "children with SEND.",
    ),
    "disabled-childrens-team": (
        "Camden Council Children and Young People's Disability Service",
        "Social workers and family support for disabled children and their families, including short breaks.",
    ),
    "transitions-team": (
        "Camden Council Preparing for Adulthood Team",
        "Helps young people with SEND aged 14 to 25 plan for work, independent living, friendships and health.",
    ),
    "travel-team": (
        "Camden Council Travel Assistance Team",
        "Assesses and arranges travel assistance to school and college, and runs independent travel training.",
    ),
    "sendiass": (
        "Camden SEND Information, Advice and Support Service",
        "Free, impartial and confidential information, advice and support for parents, children and young "
        "people about SEND, provided at arm's length from the council.",
    ),
    "parent-forum": (
        "Camden Parent Carer Forum",
        "An independent forum of parent carers of children with SEND that works with the council and NHS to "
        "improve services.",
    ),
    "cits": (
        "Camden Children's Integrated Therapy Service",
        "NHS speech and language therapy, occupational therapy and physiotherapy for children and young people "
        "registered with a Camden GP or attending a Camden school.",
    ),
    "child-development": (
        "Camden Child Development Team",
        "Paediatricians, nurses and therapists who assess young children with developmental concerns.",
    ),
    "camhs": (
        "Camden Child and Adolescent Mental Health Service",
        "NHS mental health assessment and treatment for children and young people up to 18.",
    ),
    "school-nursing": (
        "Camden School Nursing and Health Visiting",
        "Health visitors for under-5s and school nurses for school-age children, including health care plans.",
    ),
    "sensory-service": (
        "Camden Sensory Support Service",
        "Qualified teachers of the deaf and of children with vision impairment, habilitation specialists and "
        "BSL tutors.",
    ),
    "autism-outreach": (
        "Camden Autism Outreach Service",
        "Specialist teachers who advise schools and families on supporting autistic children and young people.",
    ),
    "ed-psych": (
        "Camden Educational Psychology Service",
        "Educational psychologists who assess children's learning and wellbeing and advise schools and families.",
    ),
    "children-centres": (
        "Camden Family Hubs",
        "Family hubs and children's centres offering stay and play, parenting courses and health clinics.",
    ),
    "leisure-trust": (
        "North London Active Leisure",
        "Runs leisure centres and swimming pools in the borough, with inclusive sessions and concessions.",
    ),
    "youth-service": (
        "Camden Youth Service",
        "Youth centres, detached youth work and holiday activities for 11 to 25-year-olds.",
    ),
    "adventure-play": (
        "Camden Adventure Play Association",
        "Staffed adventure playgrounds with inclusive sessions for disabled children and their siblings.",
    ),
    "college": (
        "Camden Regent College",
        "A further education college with foundation learning, supported internships and an inclusive learning "
        "department.",
    ),
    "special-school-primary": (
        "Frognal Park School",
        "A primary special school for children aged 2 to 11 with severe, profound and multiple learning "
        "difficulties and autism.",
    ),
    "special-school-secondary": (
        "Highgate Hill School",
        "A secondary special school and sixth form for young people aged 11 to 19 with complex learning needs.",
    ),
    "resource-base": (
        "Somers Town Primary Resource Base",
        "Specialist resource bases within mainstream primary schools for autistic children and children with "
        "speech and language needs.",
    ),
    "employment-charity": (
        "Working Futures Camden",
        "A charity supporting young disabled people into apprenticeships, internships and paid work.",
    ),
    "carers-centre": (
        "Camden Young Carers and Parent Carers Centre",
        "Support, breaks and advice for parent carers and for young carers of disabled siblings or parents.",
    ),
    "autism-charity": (
        "Spectrum Families North London",
        "A parent-led charity running support groups, workshops and social clubs for autistic young people.",
    ),
    "adhd-charity": (
        "ADHD Family Network Camden",
        "Peer support and workshops for families of children with ADHD, with or without a diagnosis.",
    ),
    "down-syndrome-charity": (
        "Up Together Down Syndrome Group",
        "A support group and early development programme for families of children with Down syndrome.",
    ),
    "deaf-children": (
        "Deaf Children's Club London North",
        "Social activities, family sign language and advocacy for deaf children and young people.",
    ),
    "sight-charity": (
        "Bright Sight Young People",
        "Activities, technology training and mentoring for blind and partially sighted young people.",
    ),
    "sports-charity": (
        "Inclusive Sports Camden",
        "Disability sport sessions, from wheelchair basketball to boccia and adapted cycling.",
    ),
    "arts-charity": (
        "Open Stage Arts",
        "Inclusive drama, music and dance for children and young people with learning disabilities.",
    ),
    "childminding-network": (
        "Camden Inclusive Childminding Network",
        "Registered childminders with training and experience in caring for children with SEND.",
    ),
    "holiday-scheme": (
        "Summer Plus Holiday Club",
        "Specialist holiday play schemes for disabled children and young people aged 5 to 19.",
    ),
    "mediation": (
        "Resolve SEND Mediation",
        "Independent disagreement resolution and mediation for families and councils, commissioned by Camden.",
    ),
    "legal-advice": (
        "Camden Community Law Centre",
        "Free legal advice on education, SEND tribunal appeals, community care and welfare benefits.",
    ),
    "benefits-advice": (
        "Camden Welfare Rights Service",
        "Help with Disability Living Allowance, Personal Independence Payment, Carer's Allowance and Universal Credit.",
    ),
    "wheelchair-service": (
        "North Central London Wheelchair Service",
        "NHS assessment, provision and repair of wheelchairs and seating for children and adults.",
    ),
    "continence-service": (
        "Camden Children's Continence Service",
        "NHS nurses who support children with bladder and bowel difficulties, including toilet training.",
    ),
}

# (key, name, address_1, outcode district, accessibility, organisation keys that use it)
PLACES = [
    (
        "town-hall",
        "Camden Town Hall",
        "Judd Street",
        "WC1H",
        "Step-free entrance on Argyle Street. Hearing loop at reception. Accessible toilets on every floor.",
    ),
    (
        "crowndale",
        "Crowndale Centre",
        "218 Eversholt Street",
        "NW1",
        "Step-free access throughout. Accessible toilet and Changing Places toilet on the ground floor.",
    ),
    (
        "kentish-town-cc",
        "Kentish Town Children's Centre",
        "Grafton Road",
        "NW5",
        "Step-free access, buggy park, accessible toilet with changing bench. Sensory room.",
    ),
    (
        "queens-crescent",
        "Queen's Crescent Community Centre",
        "Ashdown Crescent",
        "NW5",
        "Ramp at the main entrance, accessible toilet, quiet room available on request.",
    ),
    (
        "kentish-town-health",
        "Kentish Town Health Centre",
        "Bartholomew Road",
        "NW5",
        "Step-free access, lift to all floors, hearing loop, accessible toilets.",
    ),
    (
        "kentish-town-sports",
        "Kentish Town Sports Centre",
        "Prince of Wales Road",
        "NW5",
        "Pool hoist, level access changing village, accessible changing rooms, hearing loop at reception.",
    ),
    (
        "gospel-oak-hub",
        "Gospel Oak Family Hub",
        "Lismore Circus",
        "NW5",
        "Step-free access, sensory garden, accessible toilet with hoist.",
    ),
    (
        "highgate-newtown",
        "Highgate Newtown Community Centre",
        "Bertram Street",
        "N19",
        "Step-free access to the hall and kitchen, accessible toilet, quiet space.",
    ),
    (
        "highgate-library",
        "Highgate Library",
        "Chester Road",
        "N19",
        "Ramped entrance, accessible toilet, large print and audio books.",
    ),
    (
        "swiss-cottage-library",
        "Swiss Cottage Library",
        "88 Avenue Road",
        "NW3",
        "Step-free access, lifts, hearing loop, accessible toilets, screen reader software on public computers.",
    ),
    (
        "swiss-cottage-leisure",
        "Swiss Cottage Leisure Centre",
        "Adelaide Road",
        "NW3",
        "Pool hoist and accessible changing, lift to all floors, accessible gym equipment.",
    ),
    (
        "belsize-clinic",
        "Belsize Park Child Development Centre",
        "Belsize Grove",
        "NW3",
        "Step-free access, accessible toilet with changing bench, quiet waiting area.",
    ),
    (
        "hampstead-heath-centre",
        "Hampstead Heath Education Centre",
        "Highgate Road",
        "NW5",
        "Level paths to the centre, accessible toilet, all-terrain wheelchair to borrow.",
    ),
    (
        "kilburn-grange",
        "Kilburn Grange Park Centre",
        "Palmerston Road",
        "NW6",
        "Step-free access, accessible toilet, adventure playground with accessible equipment.",
    ),
    (
        "west-hampstead-cc",
        "West Hampstead Community Centre",
        "Dornfell Street",
        "NW6",
        "Ramp at the entrance, accessible toilet, hearing loop in the main hall.",
    ),
    ("abbey-centre", "Abbey Community Centre", "Belsize Road", "NW6", "Step-free access, lift, accessible toilet."),
    (
        "holborn-library",
        "Holborn Library",
        "32 Theobalds Road",
        "WC1X",
        "Step-free access, lift, hearing loop, accessible toilet, magnifiers available.",
    ),
    (
        "bloomsbury-hub",
        "Bloomsbury Family Hub",
        "Marchmont Street",
        "WC1N",
        "Step-free access, buggy park, accessible toilet with changing bench.",
    ),
    ("brunswick", "Brunswick Youth Space", "Brunswick Square", "WC1N", "Level access, accessible toilet, quiet room."),
    (
        "somers-town",
        "Somers Town Community Centre",
        "150 Ossulston Street",
        "NW1",
        "Step-free access, accessible toilet, hearing loop, prayer and quiet room.",
    ),
    (
        "regents-park-hub",
        "Regent's Park Family Hub",
        "Augustus Street",
        "NW1",
        "Step-free access, sensory room, accessible toilet with hoist.",
    ),
    (
        "chalk-farm",
        "Chalk Farm Youth Hub",
        "Chalcot Road",
        "NW1",
        "Step-free ground floor, accessible toilet, chill-out room with low lighting.",
    ),
    (
        "camden-college",
        "Camden Regent College, Kings Cross Campus",
        "Goodsway",
        "N1C",
        "Step-free access, lifts, accessible toilets and Changing Places toilet, hearing loops in classrooms.",
    ),
    (
        "kings-cross-skills",
        "King's Cross Skills Hub",
        "Lewis Cubitt Square",
        "N1C",
        "Step-free access, lift, accessible toilet.",
    ),
    ("fitzrovia", "Fitzrovia Community Centre", "Foley Street", "W1T", "Ramp at the side entrance, accessible toilet."),
    (
        "covent-garden",
        "Covent Garden Dragon Hall",
        "Stukeley Street",
        "WC2B",
        "Step-free access, lift, accessible toilet, hearing loop.",
    ),
    (
        "frognal-park",
        "Frognal Park School",
        "Frognal Lane",
        "NW3",
        "Fully accessible single-storey building, hydrotherapy pool, sensory rooms, Changing Places toilet.",
    ),
    (
        "highgate-hill",
        "Highgate Hill School",
        "Swain's Lane",
        "N6",
        "Step-free access throughout, lifts, hygiene suites, sensory rooms.",
    ),
    (
        "somers-town-primary",
        "Somers Town Primary School",
        "Polygon Road",
        "NW1",
        "Lift to all floors, accessible toilets, calm room in the resource base.",
    ),
    ("cricklewood", "Fortune Green Play Centre", "Fortune Green Road", "NW6", "Level access, accessible toilet."),
    (
        "primrose-hill",
        "Primrose Hill Community Library",
        "Sharpleshall Street",
        "NW1",
        "Step-free access, accessible toilet.",
    ),
    (
        "st-pancras-hospital",
        "St Pancras Hospital",
        "4 St Pancras Way",
        "NW1",
        "Step-free access, lifts, accessible toilets, hearing loop at reception.",
    ),
    (
        "royal-free",
        "Royal Free Hospital Children's Outpatients",
        "Pond Street",
        "NW3",
        "Step-free access, lifts, accessible toilets and Changing Places toilet.",
    ),
    (
        "mornington",
        "Mornington Sports and Fitness Centre",
        "142 Arlington Road",
        "NW1",
        "Step-free access, accessible changing room, hearing loop.",
    ),
    (
        "talacre",
        "Talacre Community Sports Centre",
        "Dalby Street",
        "NW5",
        "Step-free access, accessible changing rooms, sports wheelchairs available.",
    ),
]
