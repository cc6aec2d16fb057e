"""The two vocabularies the directory is browsed by: SEND needs and service categories."""

NEEDS_TAXONOMY = {
    "name": "SEND needs",
    "description": "Special educational needs and disabilities a service supports, in the SEND Code of Practice's "
    "four broad areas: communication and interaction; cognition and learning; social, emotional and mental health; "
    "sensory and/or physical needs.",
}

# (code, name, description, parent code)
NEEDS = [
    ("communication-interaction", "Communication and interaction", "Difficulty communicating with others.", None),
    (
        "autism",
        "Autism (ASC)",
        "Autistic children and young people, with or without a diagnosis of autism spectrum condition.",
        "communication-interaction",
    ),
    (
        "speech-language-communication",
        "Speech, language and communication needs",
        "Difficulty saying what they want to, understanding what is said, or using social rules of communication.",
        "communication-interaction",
    ),
    ("cognition-learning", "Cognition and learning", "Learning at a slower pace than other children.", None),
    (
        "moderate-learning-difficulties",
        "Moderate learning difficulties",
        "Learning at a slower pace than peers, with difficulty with literacy and numeracy.",
        "cognition-learning",
    ),
    (
        "severe-learning-difficulties",
        "Severe learning difficulties",
        "Significant intellectual or cognitive impairments needing support across the curriculum and in daily life.",
        "cognition-learning",
    ),
    (
        "pmld",
        "Profound and multiple learning difficulties (PMLD)",
        "Severe and complex learning difficulties with a physical disability or sensory impairment.",
        "cognition-learning",
    ),
    (
        "specific-learning-difficulties",
        "Dyslexia and specific learning difficulties (SpLD)",
        "Dyslexia, dyscalculia and dyspraxia (developmental coordination disorder).",
        "cognition-learning",
    ),
    (
        "semh",
        "Social, emotional and mental health (SEMH)",
        "Anxiety, low mood, attachment difficulties, self-harm or behaviour that reflects an unmet need.",
        None,
    ),
    (
        "adhd",
        "ADHD",
        "Attention deficit hyperactivity disorder: difficulties with attention, impulsivity and activity levels.",
        "semh",
    ),
    ("sensory-physical", "Sensory and physical needs", "Needs arising from a sensory or physical disability.", None),
    (
        "visual-impairment",
        "Visual impairment",
        "Children and young people who are blind or partially sighted.",
        "sensory-physical",
    ),
    (
        "hearing-impairment",
        "Hearing impairment",
        "Children and young people who are deaf or have a hearing loss, including BSL users.",
        "sensory-physical",
    ),
    (
        "multi-sensory-impairment",
        "Multi-sensory impairment",
        "Children and young people with both a visual and a hearing impairment.",
        "sensory-physical",
    ),
    (
        "physical-disability",
        "Physical disability",
        "Cerebral palsy, muscular dystrophy, limb differences and other conditions affecting movement.",
        "sensory-physical",
    ),
    (
        "sensory-processing",
        "Sensory processing difficulties",
        "Over- or under-sensitivity to sound, touch, light, taste or movement.",
        "sensory-physical",
    ),
    (
        "medical-needs",
        "Medical needs",
        "Long-term health conditions such as epilepsy, diabetes, asthma or life-limiting illness.",
        None,
    ),
    (
        "down-syndrome",
        "Down syndrome",
        "Children and young people with Down syndrome and their families.",
        "cognition-learning",
    ),
]

CATEGORIES_TAXONOMY = {
    "name": "Service categories",
    "description": "The areas a Local Offer must cover (Children and Families Act 2014, section 30, and the SEND "
    "Regulations 2014, schedule 2).",
}

# (code, name, description)
CATEGORIES = [
    ("early-years", "Early years", "Nurseries, pre-schools, childminders and support for under-5s."),
    ("schools", "Schools", "Mainstream and special schools, resource bases and support in school."),
    ("post-16", "Post-16 and colleges", "Sixth forms, further education colleges and specialist colleges."),
    ("health", "Health and therapies", "Health visiting, therapies, paediatrics and mental health services."),
    ("social-care", "Social care and short breaks", "Assessments, short breaks, carers' support and respite."),
    ("training", "Training and apprenticeships", "Supported internships, traineeships and apprenticeships."),
    ("travel", "Travel and transport", "Travel assistance, travel training and concessionary travel."),
    (
        "preparing-for-adulthood",
        "Preparing for adulthood",
        "Moving between phases, independent living, employment, friendships and good health.",
    ),
    ("childcare", "Childcare", "Childminders, holiday schemes and after-school clubs that include disabled children."),
    ("leisure", "Leisure and activities", "Sport, play, arts, youth clubs and holiday activities."),
    ("support-groups", "Support groups", "Peer support for parents, carers, children and young people."),
    (
        "information-advice",
        "Information and advice",
        "Impartial information, advice and support about SEND, benefits and rights.",
    ),
    (
        "complaints-mediation",
        "Complaints, mediation and appeals",
        "Disagreement resolution, mediation and help with tribunal appeals.",
    ),
]
