"""Queries families type, graded by reading the North Lincolnshire records (services.json).

Grades: 3 the service is what was asked for; 2 clearly relevant; 1 related, might help;
anything not listed is 0. Each grade carries the reason read in the record.

Kinds: "plain" (one idea, the directory's own words), "natural" (a parent's own words, several
ideas), "jargon" (abbreviations and professional terms), "typo" (misspelt or run-together).
Split: "tune" queries were looked at while choosing weights and growing the glossary; "held_out"
queries were written and graded at the same time but their results were not looked at until
the figures in docs/search.md were recorded.
"""


def query(text, kind, split, **graded):
    return {"text": text, "kind": kind, "split": split, "grades": graded}


def g(grade, reason):
    return (grade, reason)


COUNSELLING = {
    "Counselling": g(3, "talking therapy with a trained professional"),
    "Confidential Listening Service": g(2, "one-to-one confidential listening for anxiety and depression"),
    "Coping with Life Support Group": g(1, "group support for stress and worry"),
    "Emotional / Trauma Release Therapy (energy healing)": g(1, "a talk-free alternative therapy"),
    "#TalkSuicide": g(1, "talking with a bereavement worker after suicide"),
}
FOOTBALL = {
    "Girls Football 8+": g(3, "girls' football training"),
    "Iron Goals Football": g(3, "free football sessions for 8 to 18"),
    "Active Lincs - Walking Football": g(3, "walking football for older people"),
    "Brigg Recreation Ground": g(2, "football pitches to hire"),
}
BEREAVEMENT = {
    "#TalkSuicide": g(3, "support for people bereaved by suicide"),
    "Grief Cafe": g(3, "support for coping with loss"),
    "Inpatient Unit": g(1, "hospice supports families during bereavement"),
    "Counselling": g(1, "therapy covers bereavement"),
}
TODDLER = {
    "Baby and Toddler Group": g(3, "weekly baby and toddler group"),
    "Parent and Toddler group": g(3, "parent and toddler drop-in"),
    "Ballpool Heaven and Soft Play Sessions, Scunthorpe": g(2, "soft play stay and play"),
    "Parents and Tots Dance Classes at KPAC, Scunthorpe": g(2, "dance for parents and pre-school children"),
    "Library Explorers": g(2, "stories and rhymes for under-5s"),
    "Peep Course": g(1, "learning through play for families, with stay and play"),
}
ANXIETY = {
    "Confidential Listening Service": g(3, "one-to-one help with anxiety and depression"),
    "Coping with Life Support Group": g(2, "managing worry and stress, crisis line for anxiety"),
    "Counselling": g(2, "therapy for stress, depression and anxiety"),
    "Tai Chi": g(1, "may reduce stress and anxiety"),
    "LGBTQ+ Social Group": g(1, "support with anxiety in social situations"),
    "Emotional / Trauma Release Therapy (energy healing)": g(1, "panic attacks among issues treated"),
}
SUICIDE = {
    "#TalkSuicide": g(3, "bereaved by suicide"),
    "HOPELINE247": g(3, "24-hour line for thoughts of suicide"),
    "Confidential Listening Service": g(1, "crisis line for thoughts of self-harm"),
    "Coping with Life Support Group": g(1, "crisis line for thoughts of self-harm"),
}
BREASTFEEDING = {
    "Scunthorpe Central Library Breastfeeding Support Group": g(3, "breastfeeding peer support"),
    "Virtual Antenatal Group": g(1, "covers feeding"),
}
AUTISM = {
    "Movement to Music": g(2, "multi-sensory session for disabled people, tagged autism"),
    "Domiciliary Care": g(1, "tagged autism among many audiences"),
    "LGBTQ+ Social Group": g(1, "tagged autism"),
    "21 Visual Arts Centre workshops": g(1, "tagged autism and Aspergers"),
}
EXERCISE = {
    "Active Circuits": g(3, "peer-led exercise group"),
    "Active Lincs - Active Circuits": g(2, "seated exercises and circuits for older people"),
    "Active Lincs - Strength and Balance": g(2, "exercise for older people"),
    "Tai Chi": g(2, "gentle exercise"),
    "Hatha Yoga": g(2, "yoga classes"),
    "Ladies Only Kickboxing & Fitness": g(2, "kickboxing and fitness classes"),
    "Versus Arthritis Support Group": g(1, "chair-based exercise"),
    "Monthly Walk And Talk": g(1, "gentle exercise on a walk"),
}
LEARNING_DISABILITY = {
    "Mosaic": g(3, "class for adults with learning disabilities"),
    "Inspired Day Care Service": g(3, "day centre for adults with learning disabilities"),
    "Domiciliary Care": g(2, "care for children and adults with learning disabilities"),
    "Museum Makers": g(2, "group for adults with additional needs"),
    "Movement to Music": g(2, "tagged learning disabilities"),
}

QUERIES = [
    # plain
    query("counselling", "plain", "tune", **COUNSELLING),
    query("football", "plain", "tune", **FOOTBALL),
    query(
        "yoga", "plain", "tune", **{"Hatha Yoga": g(3, "yoga classes"), "Tai Chi": g(1, "a similar gentle practice")}
    ),
    query("bereavement", "plain", "tune", **BEREAVEMENT),
    query("debt", "plain", "held_out", **{"Money and Debt Advice": g(3, "debt advice")}),
    query("breastfeeding", "plain", "tune", **BREASTFEEDING),
    query(
        "youth club",
        "plain",
        "tune",
        **{
            "Brigg Youth Club": g(3, "youth club for 11 to 14"),
            "Broughton Youth Club": g(3, "youth club for 9 to 16"),
            "Brigg Methodist Church": g(1, "hosts a youth club"),
        },
    ),
    query(
        "carers",
        "plain",
        "tune",
        **{
            "Brigg Peer Support Group": g(3, "carer peer support"),
            "Parent Carer Peer Support Group": g(3, "parent carer peer support"),
            "Parent Carer Information Workshops": g(3, "workshops for carers"),
            "Inpatient Unit": g(1, "support for carers of patients"),
            "North Lincolnshire Stroke Recovery Service": g(1, "carer support groups"),
            "Domiciliary Care": g(1, "tagged carers"),
        },
    ),
    query(
        "dance",
        "plain",
        "held_out",
        **{
            "Parents and Tots Dance Classes at KPAC, Scunthorpe": g(3, "dance classes"),
            "Active Lincs - Belly Dancing": g(3, "belly dancing"),
            "Movement to Music": g(1, "movement to music"),
        },
    ),
    query("first aid", "plain", "tune", **{"Baby and Child First Aid session": g(3, "first aid class")}),
    query("stop smoking", "plain", "held_out", **{"Swap to Stop Incentive": g(3, "stop smoking support")}),
    query("autism", "plain", "tune", **AUTISM),
    query("learning disabilities", "plain", "tune", **LEARNING_DISABILITY),
    query("toddler", "plain", "tune", **TODDLER),
    query(
        "tennis",
        "plain",
        "held_out",
        **{"Haxey Tennis Club": g(3, "tennis club"), "Brigg Recreation Ground": g(2, "tennis courts")},
    ),
    query(
        "walking",
        "plain",
        "tune",
        **{
            "Monthly Walk And Talk": g(3, "group walk"),
            "Parent and Pushchair Wellbeing Walk": g(3, "pushchair walk"),
            "Active Lincs - Walking Football": g(2, "walking football"),
            "Epworth Equestrian parkrun": g(1, "run, jog or walk 5k"),
        },
    ),
    query("anxiety", "plain", "tune", **ANXIETY),
    query(
        "homeless",
        "plain",
        "held_out",
        **{
            "Victor House": g(3, "safe hub for homeless people"),
            '"We are with You" WAWY': g(1, "runs at Victor House"),
        },
    ),
    query(
        "veterans",
        "plain",
        "tune",
        **{"Veterans UK": g(3, "veterans helpline"), "Modelling Club": g(2, "for the armed forces community")},
    ),
    query("baby massage", "plain", "held_out", **{"Baby Massage": g(3, "baby massage course")}),
    query("drama", "plain", "tune", **{"Dramarama": g(3, "drama workshops")}),
    query("suicide", "plain", "tune", **SUICIDE),
    query("stroke", "plain", "held_out", **{"North Lincolnshire Stroke Recovery Service": g(3, "stroke recovery")}),
    query("arthritis", "plain", "tune", **{"Versus Arthritis Support Group": g(3, "arthritis support group")}),
    # natural
    query(
        "activities for autistic teenagers",
        "natural",
        "tune",
        **{
            "Movement to Music": g(2, "activity for disabled people 16+, tagged autism"),
            "Brigg Youth Club": g(1, "activities for 11 to 14"),
            "Broughton Youth Club": g(1, "activities for 9 to 16"),
            "Unity Fitness: Teen LGBTQIA+ Sessions": g(1, "sessions for teens"),
        },
    ),
    query(
        "after school club for disabled children",
        "natural",
        "tune",
        **{
            "Dramarama": g(1, "runs after school clubs for all abilities"),
            "Broughton Youth Club": g(1, "youth club for school years 5 to 11"),
            "Movement to Music": g(1, "session for disabled people, but 16+"),
        },
    ),
    query(
        "counselling for teenagers",
        "natural",
        "held_out",
        **{
            "Counselling": g(2, "counselling, no age limit stated"),
            "Confidential Listening Service": g(1, "crisis support from 16"),
            "Brigg Youth Club": g(1, "wellbeing and emotional skills for young teens"),
        },
    ),
    query(
        "dancing for disabled people",
        "natural",
        "tune",
        **{
            "Movement to Music": g(3, "movement to music for people with a disability"),
            "Active Lincs - Belly Dancing": g(2, "dancing for people with limited mobility"),
            "Parents and Tots Dance Classes at KPAC, Scunthorpe": g(1, "dance class"),
        },
    ),
    query(
        "mental health support for young people",
        "natural",
        "tune",
        **{
            "Confidential Listening Service": g(2, "mental health support, crisis line from 16"),
            "HOPELINE247": g(2, "suicide prevention line (Papyrus, young suicide)"),
            "Brigg Youth Club": g(2, "wellbeing for young people"),
            "Coping with Life Support Group": g(1, "support group, crisis line from 17"),
            "Counselling": g(1, "therapy, no age stated"),
            "Educational Psychology": g(1, "children and young people 0 to 25"),
            "Unity Fitness: Teen LGBTQIA+ Sessions": g(1, "supportive space for teens"),
            "Monthly Walk And Talk": g(1, "better mental health, but 18+"),
        },
    ),
    query(
        "help with money worries",
        "natural",
        "held_out",
        **{"Money and Debt Advice": g(3, "debt advice"), "Veterans UK": g(1, "benefits help for veterans")},
    ),
    query(
        "somewhere to talk after losing someone",
        "natural",
        "tune",
        **{
            "Grief Cafe": g(3, "talk about your loss"),
            "#TalkSuicide": g(3, "talking with a bereavement worker"),
            "Counselling": g(2, "therapy covers bereavement"),
            "Inpatient Unit": g(1, "bereavement support for families"),
        },
    ),
    query(
        "groups for parents of children with additional needs",
        "natural",
        "tune",
        **{
            "Parent Carer Information Workshops": g(3, "for carers of children with additional needs"),
            "Parent Carer Peer Support Group": g(3, "parent carer peer support"),
            "Peer Support": g(3, "parent carer forum for SEND"),
            "Brigg Peer Support Group": g(1, "carer peer support"),
        },
    ),
    query(
        "free football for kids",
        "natural",
        "held_out",
        **{"Iron Goals Football": g(3, "free football for 8 to 18"), "Girls Football 8+": g(2, "girls' football")},
    ),
    query(
        "help finding a job",
        "natural",
        "tune",
        **{
            "Action Station": g(3, "employment support"),
            "Victor House": g(1, "access to employment"),
            "Multiply": g(1, "maths for work"),
        },
    ),
    query(
        "exercise for older people",
        "natural",
        "tune",
        **{
            "Active Lincs - Strength and Balance": g(3, "exercise for older people"),
            "Active Lincs - Active Circuits": g(3, "exercise for older people"),
            "Active Lincs - Belly Dancing": g(2, "activity for older people"),
            "Active Lincs - Walking Football": g(2, "walking sports for older people"),
            "Tai Chi": g(2, "gentle exercise"),
            "Versus Arthritis Support Group": g(1, "chair-based exercise"),
        },
    ),
    query(
        "support for new mums",
        "natural",
        "held_out",
        **{
            "Scunthorpe Central Library Breastfeeding Support Group": g(3, "support for breastfeeding mums"),
            "Mum and Baby Coffee morning- Belton Park Pavillion": g(3, "coffee morning for mum and baby"),
            "Baby's First Friends": g(2, "sessions for new babies and parents"),
            "Baby Massage": g(2, "bonding session for parents and new babies"),
            "Virtual Antenatal Group": g(2, "antenatal group"),
        },
    ),
    query(
        "things to do with a baby",
        "natural",
        "tune",
        **{
            "Baby sensory classes in Scunthorpe": g(3, "baby sensory classes"),
            "Baby's First Friends": g(3, "play sessions for babies"),
            "Baby Massage": g(2, "baby massage"),
            "Baby and Toddler Group": g(2, "baby and toddler group"),
            "Mum and Baby Coffee morning- Belton Park Pavillion": g(2, "coffee morning with baby"),
            "Ballpool Heaven and Soft Play Sessions, Scunthorpe": g(2, "baby sensory area"),
            "Library Explorers": g(1, "rhymes for under-5s"),
        },
    ),
    query("drug and alcohol help", "natural", "tune", **{'"We are with You" WAWY': g(3, "drug and alcohol support")}),
    query(
        "lonely and want to meet people",
        "natural",
        "held_out",
        **{
            "Scunthorpe Central Community Hub": g(2, "for people feeling lonely or isolated"),
            "Table Top Games": g(2, "company of others"),
            "Haxey Community Cuppa": g(2, "cuppa, cake and chat"),
            "LGBTQ+ Social Group": g(1, "combat loneliness"),
            "Bar Bonby": g(1, "come together socially"),
            "Brigg Men in Sheds": g(1, "community shed group"),
        },
    ),
    query(
        "learning to cook healthy meals",
        "natural",
        "tune",
        **{"Cook4Life - Healthy Lifestyles": g(3, "cooking course for healthy meals")},
    ),
    query(
        "brain injury support",
        "natural",
        "tune",
        **{
            "Drop in / coffee morning": g(3, "for people with an acquired brain injury"),
            "North Lincolnshire Stroke Recovery Service": g(1, "stroke recovery"),
        },
    ),
    query("maths classes for adults", "natural", "held_out", **{"Multiply": g(3, "free maths courses for adults")}),
    query(
        "somewhere to live for young people leaving care",
        "natural",
        "tune",
        **{"Supported Lodgings": g(3, "lodgings for young people 16 to 24, care leavers")},
    ),
    query(
        "support group for lgbt teens",
        "natural",
        "tune",
        **{
            "Unity Fitness: Teen LGBTQIA+ Sessions": g(3, "sessions for LGBTQIA+ teens"),
            "LGBTQ+ Social Group": g(2, "LGBTQ+ social group, parents of young LGBTQ+ welcome"),
        },
    ),
    # jargon
    query(
        "SEND",
        "jargon",
        "tune",
        **{
            "Peer Support": g(3, "parent carer forum for SEND"),
            "Parent Carer Information Workshops": g(2, "for carers of children with additional needs"),
            "Educational Psychology": g(2, "children and young people 0 to 25, Local Offer"),
            "Museum Makers": g(1, "adults with additional needs"),
        },
    ),
    query("Aspergers", "jargon", "tune", **AUTISM),
    query("LD", "jargon", "held_out", **LEARNING_DISABILITY),
    query(
        "SEMH",
        "jargon",
        "tune",
        **{
            "Brigg Youth Club": g(2, "social and emotional skills and wellbeing"),
            "Confidential Listening Service": g(1, "mental health support"),
            "Coping with Life Support Group": g(1, "mental health support"),
            "Counselling": g(1, "therapy"),
        },
    ),
    query(
        "PTSD",
        "jargon",
        "tune",
        **{"Emotional / Trauma Release Therapy (energy healing)": g(3, "names PTSD"), "Veterans UK": g(1, "veterans")},
    ),
    query("ed psych", "jargon", "tune", **{"Educational Psychology": g(3, "educational psychology service")}),
    query("CPR", "jargon", "held_out", **{"Baby and Child First Aid session": g(3, "baby and child CPR")}),
    query("antenatal", "jargon", "tune", **{"Virtual Antenatal Group": g(3, "antenatal group")}),
    query(
        "VI",
        "jargon",
        "held_out",
        **{
            "Talking News Paper": g(2, "audio newspaper"),
            "Domiciliary Care": g(1, "tagged visually impaired"),
        },
    ),
    query(
        "CAMHS",
        "jargon",
        "tune",
        **{
            "HOPELINE247": g(1, "young people's suicide prevention"),
            "Confidential Listening Service": g(1, "mental health support"),
            "Educational Psychology": g(1, "children's development"),
        },
    ),
    query(
        "LGBTQ",
        "jargon",
        "held_out",
        **{
            "LGBTQ+ Social Group": g(3, "LGBTQ+ social group"),
            "Unity Fitness: Teen LGBTQIA+ Sessions": g(3, "LGBTQIA+ teen sessions"),
        },
    ),
    # typo
    query("conselling", "typo", "tune", **COUNSELLING),
    query("footbal", "typo", "held_out", **FOOTBALL),
    query("bereavment", "typo", "tune", **BEREAVEMENT),
    query("breast feeding", "typo", "tune", **BREASTFEEDING),
    query("excercise classes", "typo", "tune", **EXERCISE),
    query("todler groups", "typo", "held_out", **TODDLER),
    query("anxeity", "typo", "tune", **ANXIETY),
    query("autisim", "typo", "held_out", **AUTISM),
    query("sucide", "typo", "tune", **SUICIDE),
    query("learning disabilites", "typo", "held_out", **LEARNING_DISABILITY),
    query(
        "yogga",
        "typo",
        "held_out",
        **{"Hatha Yoga": g(3, "yoga classes"), "Tai Chi": g(1, "a similar gentle practice")},
    ),
]
