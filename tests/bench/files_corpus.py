"""The file-share benchmark's corpus: the shared documents plus generated English and Norwegian business text.

Deterministic (seeded): the same arguments give the same bytes. Generated documents mix business filler
with personal data at a realistic density (names, e-mails, phones, identity and account numbers, cards,
addresses) from Faker (en_US, no_NO) and the synthetic test ranges of domain reference §1.
"""
from __future__ import annotations

import random
import shutil
from pathlib import Path

SHARED_DOCS = ("docs-tika", "docs-aleph", "docs-pdfplumber")

EN_FILLER = [
    "The quarterly report shows that revenue grew in all regions except the north.",
    "We have updated the project plan and moved the go-live date by two weeks.",
    "Please review the attached proposal before the steering committee meets on Thursday.",
    "The service desk closed most tickets within the agreed response time.",
    "Our licence costs will increase next year unless we consolidate the subscriptions.",
    "The migration to the new storage platform is on track and within budget.",
    "All consultants must complete the security awareness training by the end of the month.",
    "The customer asked for a fixed price for the integration work and a separate support agreement.",
    "We recommend patching the remaining servers during the next maintenance window.",
    "Travel expenses must be submitted with receipts no later than five days after the trip.",
    "The backup job failed twice last week because the target volume was full.",
    "The new onboarding checklist covers laptops, accounts, access cards and mandatory courses.",
    "Invoices are sent on the first working day of each month with thirty days of credit.",
    "The workshop will focus on requirements, risks and the migration approach.",
    "Network latency between the two data centres has improved after the upgrade.",
    "Please make sure that confidential documents are stored in the restricted project area.",
    "The sales pipeline for the next quarter looks stronger than last year.",
    "We are still waiting for the signed purchase order before we can start.",
    "The firewall rules were reviewed and several obsolete entries were removed.",
    "The team agreed to hold a retrospective after every second sprint.",
]
EN_PII = [
    "Please contact {name} at {email} or on {phone} if you have questions about the contract.",
    "{name} joined the consulting team in {year} and will lead the data platform work.",
    "Meeting notes: {name}, {name2} and {name3} attended; {name2} will send the minutes.",
    "Applicant: {name}, phone {phone}, e-mail {email}. Reference: {name2}, former manager.",
    "Payment received from {name}, card ending {card_tail}, billing address {address_en}.",
    "Employee record updated for {name}: social security number {ssn}, start date {date}.",
    "The user {email} logged in from {ip} after three failed attempts.",
    "Refund to IBAN {iban} was approved by {name2} on {date}.",
    "Hi {first}, thanks for the call yesterday. Best regards, {name2}",
    "Card on file for {name}: {card}.",
]
NB_FILLER = [
    "Kvartalsrapporten viser at omsetningen økte i alle regioner unntatt nord.",
    "Vi har oppdatert prosjektplanen og flyttet produksjonssettingen med to uker.",
    "Les gjennom vedlagte tilbud før styringsgruppen møtes på torsdag.",
    "Servicedesken lukket de fleste sakene innen avtalt responstid.",
    "Lisenskostnadene vil øke neste år dersom vi ikke samler abonnementene.",
    "Migreringen til den nye lagringsplattformen går etter planen og innenfor budsjett.",
    "Alle konsulenter må gjennomføre opplæring i informasjonssikkerhet innen utgangen av måneden.",
    "Kunden ba om fastpris for integrasjonsarbeidet og en egen supportavtale.",
    "Vi anbefaler å oppdatere de gjenværende serverne i neste vedlikeholdsvindu.",
    "Reiseregninger må leveres med kvitteringer senest fem dager etter reisen.",
    "Sikkerhetskopieringen feilet to ganger forrige uke fordi målvolumet var fullt.",
    "Den nye sjekklisten for nyansatte dekker PC, brukerkontoer, adgangskort og obligatoriske kurs.",
    "Fakturaer sendes første virkedag hver måned med tretti dagers kreditt.",
    "Arbeidsmøtet skal handle om krav, risiko og hvordan vi gjennomfører migreringen.",
    "Vi venter fortsatt på signert innkjøpsordre før vi kan starte arbeidet.",
    "Brannmurreglene ble gjennomgått og flere utdaterte regler ble fjernet.",
    "Teamet ble enige om å holde en retrospektiv etter hver andre sprint.",
    "Julebordet blir holdt på hotellet i sentrum, og påmeldingsfristen er neste fredag.",
    "Husk å lagre fortrolige dokumenter i det begrensede prosjektområdet.",
    "Salgsprognosen for neste kvartal ser sterkere ut enn i fjor.",
]
NB_PII = [
    "Kontaktperson hos kunden er {name}, e-post {email}, tlf. {phone}.",
    "{name} begynner hos oss {date} som seniorkonsulent i avdelingen for skytjenester.",
    "Referat: {name}, {name2} og {name3} deltok. {name2} sender referatet.",
    "Søker: {name}, fødselsnummer {fnr}, adresse {address_no}.",
    "Lønn utbetales til kontonummer {kontonr} for {name}.",
    "Hei {first}! Takk for praten i går. Vennlig hilsen {name2}",
    "Fakturaen til {company}, org.nr. {orgnr}, gjelder konsulenttimer i oktober.",
    "Ring {first} på {phone} hvis du ikke får svar på e-post.",
    "Ny ansatt: {name}, f.nr. {fnr}, mobil {phone}, e-post {email}.",
    "Påmeldte til kurset: {name}, {name2}.",
]


def _fnr(rng: random.Random) -> str:
    """A synthetic (Tenor, month + 80) fødselsnummer with valid check digits."""
    while True:
        base = f"{rng.randint(1, 28):02d}{rng.randint(1, 12) + 80:02d}{rng.randint(50, 99):02d}{rng.randint(0, 499):03d}"
        k1 = (11 - sum(int(d) * w for d, w in zip(base, (3, 7, 6, 1, 8, 9, 4, 5, 2))) % 11) % 11
        if k1 == 10:
            continue
        k2 = (11 - sum(int(d) * w for d, w in zip(base + str(k1), (5, 4, 3, 2, 7, 6, 5, 4, 3, 2))) % 11) % 11
        if k2 != 10:
            return f"{base}{k1}{k2}"


def _kontonr(rng: random.Random) -> str:
    """A test-bank (9999) account number with a valid check digit."""
    while True:
        base = f"9999{rng.randint(0, 99):02d}{rng.randint(0, 9999):04d}"
        c = (11 - sum(int(d) * w for d, w in zip(base, (5, 4, 3, 2, 7, 6, 5, 4, 3, 2))) % 11) % 11
        if c != 10:
            return f"{base[:4]}.{base[4:6]}.{base[6:]}{c}"


def _orgnr(rng: random.Random) -> str:
    while True:
        base = f"3{rng.randint(0, 9999999):07d}"
        c = (11 - sum(int(d) * w for d, w in zip(base, (3, 2, 7, 6, 5, 4, 3, 2))) % 11) % 11
        if c != 10:
            return f"{base[:3]} {base[3:6]} {base[6:]}{c}"


class _Values:
    def __init__(self, seed: int):
        from faker import Faker

        self.rng = random.Random(seed)
        self.en, self.no = Faker("en_US"), Faker("no_NO")
        self.en.seed_instance(seed)
        self.no.seed_instance(seed + 1)

    def fill(self, template: str, norwegian: bool) -> str:
        f = self.no if norwegian else self.en
        card = self.en.credit_card_number()
        values = {
            "name": f.name(), "name2": f.name(), "name3": f.name(), "first": f.first_name(),
            "email": f.email(), "phone": f.phone_number(), "year": str(self.rng.randint(2015, 2025)),
            "date": f.date(), "card": card, "card_tail": card[-4:], "address_en": self.en.address().replace("\n", ", "),
            "address_no": self.no.address().replace("\n", ", "), "ssn": self.en.ssn(), "ip": self.en.ipv4(),
            "iban": self.en.iban(), "fnr": _fnr(self.rng), "kontonr": _kontonr(self.rng), "orgnr": _orgnr(self.rng),
            "company": self.no.company(),
        }
        return template.format(**values)


def generated_document(values: _Values, norwegian: bool, chars: int) -> str:
    rng = values.rng
    filler, pii = (NB_FILLER, NB_PII) if norwegian else (EN_FILLER, EN_PII)
    paragraphs, size = [], 0
    while size < chars:
        sentences = [rng.choice(filler) for _ in range(rng.randint(3, 7))]
        if rng.random() < 0.6:  # most paragraphs of business text name someone or something personal
            sentences.insert(rng.randint(0, len(sentences)), values.fill(rng.choice(pii), norwegian))
        paragraph = " ".join(sentences)
        paragraphs.append(paragraph)
        size += len(paragraph) + 2
    return "\n\n".join(paragraphs) + "\n"


def build(root: Path, corpus: Path, generated_mb: float, seed: int = 13, doc_chars: int = 6000) -> Path:
    """Write the benchmark share under `root`: copies of the shared documents, then generated .txt files."""
    share = root / "share"
    for name in SHARED_DOCS:
        src = corpus / name
        if src.is_dir():
            shutil.copytree(src, share / "shared" / name)
    values = _Values(seed)
    target, written, n = generated_mb * 1_000_000, 0, 0
    while written < target:
        norwegian = n % 2 == 1
        folder = share / "generated" / ("nb" if norwegian else "en") / f"{n // 200:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        text = generated_document(values, norwegian, values.rng.randint(doc_chars // 2, doc_chars * 3 // 2))
        path = folder / f"doc{n:05d}.txt"
        path.write_text(text, encoding="utf-8")
        written += len(text.encode("utf-8"))
        n += 1
    return share
