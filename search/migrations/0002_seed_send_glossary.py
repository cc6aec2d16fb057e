"""Seed the glossary with SEND terms families and professionals use interchangeably."""

from django.db import migrations

SEND_GLOSSARY = [
    ("Autism", "ASD, ASC, autistic, autism spectrum disorder, autism spectrum condition, autistic spectrum", ""),
    ("ADHD", "attention deficit hyperactivity disorder, ADD, attention deficit disorder", ""),
    ("Speech and language therapy", "SALT, SLT, speech therapy, speech and language therapist", ""),
    ("Occupational therapy", "OT, occupational therapist", ""),
    ("SEMH", "social emotional and mental health, social, emotional and mental health", ""),
    ("EHCP", "EHC plan, education health and care plan, education, health and care plan", ""),
    ("PMLD", "profound and multiple learning disabilities, profound and multiple learning difficulties", ""),
    ("Visual impairment", "VI, sight loss, blind, partially sighted", ""),
    ("Hearing impairment", "HI, deaf, hearing loss", ""),
    ("SEND", "special educational needs and disabilities, SEN, special educational needs", ""),
    ("Learning disability", "LD, learning disabilities, learning difficulty, learning difficulties", ""),
    ("MLD", "moderate learning difficulties, moderate learning difficulty", ""),
    ("SLD", "severe learning difficulties, severe learning difficulty", ""),
    ("SpLD", "specific learning difficulty, specific learning difficulties, dyslexia", ""),
    ("Physiotherapy", "physio, physiotherapist", ""),
    ("CAMHS", "child and adolescent mental health services, children and young people's mental health", ""),
    ("Short breaks", "respite, respite care", ""),
    ("Personal budget", "direct payment, direct payments", ""),
    ("Down syndrome", "Downs syndrome, trisomy 21", ""),
]


def seed(apps, schema_editor):
    GlossaryEntry = apps.get_model("search", "GlossaryEntry")
    for term, alternatives, description in SEND_GLOSSARY:
        GlossaryEntry.objects.get_or_create(term=term, defaults={"alternatives": alternatives, "description": description})


def unseed(apps, schema_editor):
    GlossaryEntry = apps.get_model("search", "GlossaryEntry")
    GlossaryEntry.objects.filter(term__in=[term for term, _, _ in SEND_GLOSSARY]).delete()


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
