"""The instruments built into the platform (organisation None), written from the seed
documents, in Finnish with Swedish and English wording in ``translations``.

``instruments_install()`` runs after every ``migrate`` (surveys.apps): it creates what is
missing and brings the wording of what exists up to date, never a second copy. A built-in
instrument is found again by its first question's key (``anchor``); questions by their
``key``, which never changes, so pre and post surveys made from the same instrument pair
their answers even after the wording was improved.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import DEFAULT_DB_ALIAS, transaction

from tutori.accounts.models import User
from tutori.core.scoping import scopes_disabled
from tutori.orgs.models import Organisation
from tutori.surveys.models import DEFAULT_SCALE, Choice, Purpose, Question, Section, Survey

Kind = Question.Kind


@dataclass(frozen=True)
class T:
    """A text in Finnish, Swedish and English."""

    fi: str
    sv: str
    en: str


@dataclass(frozen=True)
class Scale:
    fi: list[str]
    sv: list[str]
    en: list[str]


@dataclass(frozen=True)
class Q:
    key: str
    kind: str
    text: T
    help_text: T | None = None
    required: bool = False
    scale: Scale | None = None
    measures_need: bool = False
    choices: tuple[T, ...] = ()


@dataclass(frozen=True)
class S:
    title: T
    questions: tuple[Q, ...]
    help_text: T | None = None


@dataclass(frozen=True)
class Instrument:
    title: T
    description: T
    purpose: str
    sections: tuple[S, ...]
    anonymous: bool = True

    @property
    def anchor(self) -> str:
        return self.sections[0].questions[0].key

    @property
    def questions(self) -> list[Q]:
        return [q for s in self.sections for q in s.questions]


# Seed 004: "heikosti · kohtalaisesti · jonkin verran · hyvin · erinomaisesti".
SELF_SCALE = Scale(
    DEFAULT_SCALE,
    ["svagt", "måttligt", "i viss mån", "väl", "utmärkt"],
    ["poorly", "moderately", "to some extent", "well", "excellently"],
)
NEED_SCALE = Scale(
    ["ei lainkaan", "vähän", "jonkin verran", "paljon", "erittäin paljon"],
    ["inte alls", "lite", "i viss mån", "mycket", "väldigt mycket"],
    ["not at all", "a little", "somewhat", "a lot", "very much"],
)
AGREE_SCALE = Scale(
    [
        "täysin eri mieltä",
        "jokseenkin eri mieltä",
        "ei samaa eikä eri mieltä",
        "jokseenkin samaa mieltä",
        "täysin samaa mieltä",
    ],
    [
        "helt av annan åsikt",
        "delvis av annan åsikt",
        "varken av samma eller annan åsikt",
        "delvis av samma åsikt",
        "helt av samma åsikt",
    ],
    ["strongly disagree", "disagree", "neither agree nor disagree", "agree", "strongly agree"],
)


def _statement(key: str, fi: str, sv: str, en: str) -> Q:
    return Q(key, Kind.LIKERT, T(fi, sv, en), required=True, scale=SELF_SCALE)


# (a) Seed 004: the job coaches' self-assessment before and after the training, the overall
# assessment of Kuvio 17 and the statements of its four areas, word for word.
SELF_ASSESSMENT = Instrument(
    title=T(
        "Työvalmentajan itsearviointi",
        "Arbetscoachens självbedömning",
        "Job coach self-assessment",
    ),
    description=T(
        "Arvioi omaa työvalmennuksellista osaamistasi koulutuksen alussa ja sama arviointi "
        "uudelleen koulutuksen lopuksi. Asteikko: heikosti, kohtalaisesti, jonkin verran, "
        "hyvin, erinomaisesti.",
        "Bedöm ditt eget kunnande som arbetscoach i början av utbildningen och gör samma "
        "bedömning igen i slutet av den. Skala: svagt, måttligt, i viss mån, väl, utmärkt.",
        "Assess your own job-coaching competence at the start of the training and make the "
        "same assessment again at its end. Scale: poorly, moderately, to some extent, well, "
        "excellently.",
    ),
    purpose=Purpose.SELF_ASSESSMENT,
    anonymous=False,
    sections=(
        S(
            T(
                "Työvalmentajuus kokonaisuutena",
                "Arbetscoachningen som helhet",
                "Job coaching as a whole",
            ),
            (
                _statement(
                    "sa_overall",
                    "Arvioi omaa työvalmentajuuttasi kokonaisuutena.",
                    "Bedöm ditt eget arbete som arbetscoach som helhet.",
                    "Assess your own job coaching as a whole.",
                ),
            ),
        ),
        S(
            T("Ammatillinen osaaminen", "Yrkeskunnande", "Professional competence"),
            (
                _statement(
                    "sa_prof_skills",
                    "Työprosessien vaatimat ammatilliset taidot ja työtavat ovat hallinnassa.",
                    "Jag behärskar de yrkesfärdigheter och arbetssätt som arbetsprocesserna "
                    "kräver.",
                    "I master the professional skills and ways of working that the work "
                    "processes require.",
                ),
                _statement(
                    "sa_prof_safety",
                    "Hallitsen työympäristön työsuojelun ja työterveyteen liittyvät asiat.",
                    "Jag behärskar arbetsmiljöns arbetarskydd och frågor kring företagshälsovård.",
                    "I master occupational safety and health matters of the work environment.",
                ),
                _statement(
                    "sa_prof_outlook",
                    "Tunnen ammattialan kehitysnäkymät ja ymmärrän niiden merkityksen "
                    "ammattitaidon vaatimusten kannalta.",
                    "Jag känner till branschens utvecklingsutsikter och förstår deras betydelse "
                    "för kraven på yrkeskunnande.",
                    "I know the outlook of the profession and understand what it means for the "
                    "skills required.",
                ),
            ),
        ),
        S(
            T("Suunnittelutaidot", "Planeringsförmåga", "Planning skills"),
            (
                _statement(
                    "sa_plan_services",
                    "Tunnen työttömille suunnattujen tukien ja palveluiden tarjonnan.",
                    "Jag känner till utbudet av stöd och tjänster för arbetslösa.",
                    "I know the benefits and services offered to unemployed people.",
                ),
                _statement(
                    "sa_plan_market",
                    "Tunnen ammattialani työmarkkinoiden tilan ja tulevaisuuden näkymät.",
                    "Jag känner till läget och framtidsutsikterna på arbetsmarknaden i min "
                    "bransch.",
                    "I know the state and the prospects of the labour market in my field.",
                ),
            ),
        ),
        S(
            T("Arviointikyky", "Bedömningsförmåga", "Assessment ability"),
            (
                _statement(
                    "sa_assess_employability",
                    "Osaan arvioida asiakkaani työmarkkinakelpoisuutta.",
                    "Jag kan bedöma min klients anställbarhet.",
                    "I can assess my client's employability.",
                ),
                _statement(
                    "sa_assess_capacity",
                    "Osaan arvioida asiakkaani toimintakykyä.",
                    "Jag kan bedöma min klients funktionsförmåga.",
                    "I can assess my client's functional capacity.",
                ),
            ),
        ),
        S(
            T("Asiakkaan ohjaus", "Vägledning av klienten", "Guiding the client"),
            (
                _statement(
                    "sa_guide_change",
                    "Tunnen ihmisen muutosprosessin vaiheet.",
                    "Jag känner till faserna i en människas förändringsprocess.",
                    "I know the stages of a person's process of change.",
                ),
                _statement(
                    "sa_guide_methods",
                    "Hallitsen erilaiset ohjaamismenetelmät.",
                    "Jag behärskar olika vägledningsmetoder.",
                    "I master different guidance methods.",
                ),
                _statement(
                    "sa_guide_business",
                    "Tunnen yritysyhteistyön tarjoamat mahdollisuudet.",
                    "Jag känner till de möjligheter som samarbete med företag erbjuder.",
                    "I know the opportunities that cooperation with companies offers.",
                ),
                _statement(
                    "sa_guide_employers",
                    "Tunnen työnantajayhteistyön (valtio, kunnat, välityömarkkinat) tarjoamat "
                    "mahdollisuudet.",
                    "Jag känner till de möjligheter som samarbete med arbetsgivare (staten, "
                    "kommunerna, den mellanliggande arbetsmarknaden) erbjuder.",
                    "I know the opportunities that cooperation with employers (the state, "
                    "municipalities, the intermediate labour market) offers.",
                ),
            ),
        ),
    ),
)

# Need questions of the training needs survey (their topic is chosen when a survey is made
# from the instrument: a built-in instrument knows no municipality's topics).
NEED_AREAS = (
    (
        "tn_need_digital",
        T(
            "Digitaaliset välineet opetuksessa",
            "Digitala verktyg i undervisningen",
            "Digital tools in teaching",
        ),
    ),
    ("tn_need_assessment", T("Arviointi", "Bedömning", "Assessment")),
    (
        "tn_need_platforms",
        T(
            "Oppimisalustat (esim. Teams, Classroom)",
            "Lärplattformar (t.ex. Teams, Classroom)",
            "Learning platforms (e.g. Teams, Classroom)",
        ),
    ),
    (
        "tn_need_phenomena",
        T(
            "Monialaiset oppimiskokonaisuudet (ilmiöoppiminen)",
            "Mångvetenskapliga lärområden (fenomenbaserat lärande)",
            "Multidisciplinary learning modules (phenomenon-based learning)",
        ),
    ),
    (
        "tn_need_curriculum",
        T(
            "Opetussuunnitelman toteutus",
            "Att förverkliga läroplanen",
            "Implementing the curriculum",
        ),
    ),
)

# (b) Seed 002, workshop 1: "kaikille opettajille kysely koulutustarpeista", "kysely
# opettajille omasta osaamisesta → koulun tutorointisuunnitelma", "open tutorointi:
# tapavalinta (henkilökohtainen ohjaus tai ryhmäohjaus)".
TRAINING_NEEDS = Instrument(
    title=T(
        "Opettajien tutorointitarpeet",
        "Lärarnas behov av tutorstöd",
        "Teachers' tutoring needs",
    ),
    description=T(
        "Kysely kaikille opettajille: missä asioissa tarvitset tutoropettajan tukea ja millaista "
        "osaamista voisit itse jakaa. Vastausten perusteella jokaiselle koululle tehdään "
        "tutorointisuunnitelma.",
        "En enkät till alla lärare: i vilka frågor behöver du stöd av en tutorlärare och vilket "
        "kunnande kunde du själv dela. Utifrån svaren görs en tutorplan för varje skola.",
        "A survey for all teachers: where do you need a tutor teacher's support and what "
        "could you share yourself. Each school gets a tutoring plan from the answers.",
    ),
    purpose=Purpose.NEEDS,
    sections=(
        S(
            T("Tuen tarpeet", "Behov av stöd", "Support needs"),
            (
                Q(
                    "tn_topics",
                    Kind.TOPICS,
                    T(
                        "Missä aiheissa tarvitsisit tutoropettajan tukea tänä lukuvuonna?",
                        "I vilka ämnesområden skulle du behöva stöd av en tutorlärare detta läsår?",
                        "On which topics would you need a tutor teacher's support this school "
                        "year?",
                    ),
                    T(
                        "Valitse kaikki sopivat.",
                        "Välj alla som passar.",
                        "Choose all that apply.",
                    ),
                    required=True,
                ),
                *(
                    Q(key, Kind.LIKERT, text, scale=NEED_SCALE, measures_need=True)
                    for key, text in NEED_AREAS
                ),
            ),
            help_text=T(
                "Kuinka paljon tarvitset tukea seuraavissa asioissa?",
                "Hur mycket stöd behöver du i följande frågor?",
                "How much support do you need in the following?",
            ),
        ),
        S(
            T("Oma osaaminen", "Eget kunnande", "Your own competence"),
            (
                Q(
                    "tn_own_digital",
                    Kind.LIKERT,
                    T(
                        "Osaan käyttää digitaalisia välineitä opetuksessani.",
                        "Jag kan använda digitala verktyg i min undervisning.",
                        "I can use digital tools in my teaching.",
                    ),
                    scale=SELF_SCALE,
                ),
                Q(
                    "tn_own_assessment",
                    Kind.LIKERT,
                    T(
                        "Osaan käyttää monipuolisia arviointitapoja.",
                        "Jag kan använda mångsidiga bedömningssätt.",
                        "I can use varied ways of assessment.",
                    ),
                    scale=SELF_SCALE,
                ),
                Q(
                    "tn_own_share",
                    Kind.TEXT,
                    T(
                        "Missä asiassa voisit itse auttaa kollegoitasi?",
                        "I vilken fråga kunde du själv hjälpa dina kolleger?",
                        "What could you help your colleagues with yourself?",
                    ),
                ),
            ),
            help_text=T(
                "Arvioi omaa osaamistasi: heikosti, kohtalaisesti, jonkin verran, hyvin, "
                "erinomaisesti.",
                "Bedöm ditt eget kunnande: svagt, måttligt, i viss mån, väl, utmärkt.",
                "Assess your own competence: poorly, moderately, to some extent, well, "
                "excellently.",
            ),
        ),
        S(
            T("Tutoroinnin tapa", "Hur tutorstödet ges", "How tutoring is given"),
            (
                Q(
                    "tn_mode",
                    Kind.SINGLE,
                    T(
                        "Miten haluaisit mieluiten saada tukea?",
                        "Hur skulle du helst vilja få stöd?",
                        "How would you prefer to get support?",
                    ),
                    choices=(
                        T("Henkilökohtaisesti", "Individuellt", "One to one"),
                        T(
                            "Ryhmässä (esim. tiimin kanssa)",
                            "I grupp (t.ex. med teamet)",
                            "In a group (e.g. with my team)",
                        ),
                        T("Molemmat sopivat", "Båda passar", "Either suits me"),
                    ),
                ),
                Q(
                    "tn_when",
                    Kind.MULTIPLE,
                    T(
                        "Milloin tuki sopii sinulle parhaiten?",
                        "När passar stödet dig bäst?",
                        "When does support suit you best?",
                    ),
                    choices=(
                        T(
                            "Oppituntien aikana (sijainen järjestetään)",
                            "Under lektionerna (en vikarie ordnas)",
                            "During lessons (a substitute is arranged)",
                        ),
                        T(
                            "Yhteissuunnitteluaikana (YS-aika)",
                            "Under den gemensamma planeringstiden",
                            "During joint planning time",
                        ),
                        T(
                            "Koulupäivän jälkeen",
                            "Efter skoldagen",
                            "After the school day",
                        ),
                        T(
                            "Kunnan yhteisenä tutoraikana",
                            "Under kommunens gemensamma tutortid",
                            "In the municipality's shared tutoring time",
                        ),
                    ),
                ),
                Q(
                    "tn_free",
                    Kind.TEXT,
                    T(
                        "Mitä muuta koulusi tutoroinnissa pitäisi ottaa huomioon?",
                        "Vad annat borde beaktas i tutorverksamheten på din skola?",
                        "What else should tutoring at your school take into account?",
                    ),
                ),
            ),
        ),
    ),
)

# (c) Seed 003: the willingness of a workshop participant to become a peer mentor, the
# tasks and the four-session training.
WILLINGNESS = Instrument(
    title=T(
        "Halukkuus vertaisohjaajaksi",
        "Intresse att bli kamrathandledare",
        "Willingness to become a peer mentor",
    ),
    description=T(
        "Vertaisohjaajana tuot työpajalle vertaistukea muille. Kerro, kiinnostaako sinua "
        "vertaisohjaajan tehtävä ja nelikertainen vertaisohjaajakoulutus.",
        "Som kamrathandledare ger du andra kamratstöd i verkstaden. Berätta om uppdraget som "
        "kamrathandledare och den fyra gånger långa utbildningen intresserar dig.",
        "As a peer mentor you bring peer support to others at the workshop. Tell us whether "
        "the peer mentor's role and the four-session peer mentor training interest you.",
    ),
    purpose=Purpose.WILLINGNESS,
    anonymous=False,
    sections=(
        S(
            T("Halukkuus", "Intresse", "Willingness"),
            (
                Q(
                    "pm_willing",
                    Kind.SINGLE,
                    T(
                        "Haluaisitko toimia vertaisohjaajana työpajalla?",
                        "Skulle du vilja vara kamrathandledare i verkstaden?",
                        "Would you like to be a peer mentor at the workshop?",
                    ),
                    required=True,
                    choices=(
                        T("Kyllä", "Ja", "Yes"),
                        T(
                            "Ehkä, haluan kuulla lisää",
                            "Kanske, jag vill höra mer",
                            "Maybe, I would like to hear more",
                        ),
                        T("En tällä kertaa", "Inte den här gången", "Not this time"),
                    ),
                ),
                Q(
                    "pm_tasks",
                    Kind.MULTIPLE,
                    T(
                        "Mitkä vertaisohjaajan tehtävät kiinnostavat sinua?",
                        "Vilka av kamrathandledarens uppgifter intresserar dig?",
                        "Which of a peer mentor's tasks interest you?",
                    ),
                    choices=(
                        T(
                            "Perehdytyksen tukena toimiminen",
                            "Att stödja introduktionen av nya",
                            "Supporting the induction of newcomers",
                        ),
                        T(
                            "Henkinen tuki työpajalla",
                            "Mentalt stöd i verkstaden",
                            "Emotional support at the workshop",
                        ),
                        T(
                            "Työturvallisiin menetelmiin kannustaminen",
                            "Att uppmuntra till säkra arbetsmetoder",
                            "Encouraging safe ways of working",
                        ),
                        T("Esimerkkinä toimiminen", "Att vara ett föredöme", "Being an example"),
                    ),
                ),
                Q(
                    "pm_confidence",
                    Kind.LIKERT,
                    T(
                        "Uskon pystyväni tukemaan muita työpajalla.",
                        "Jag tror att jag kan stödja andra i verkstaden.",
                        "I believe I can support others at the workshop.",
                    ),
                    scale=AGREE_SCALE,
                ),
            ),
        ),
        S(
            T("Koulutus", "Utbildning", "Training"),
            (
                Q(
                    "pm_training",
                    Kind.SINGLE,
                    T(
                        "Pääsetkö osallistumaan nelikertaiseen vertaisohjaajakoulutukseen?",
                        "Kan du delta i kamrathandledarutbildningen som omfattar fyra träffar?",
                        "Can you take part in the four-session peer mentor training?",
                    ),
                    choices=(
                        T("Kyllä", "Ja", "Yes"),
                        T("En tiedä vielä", "Jag vet inte ännu", "I don't know yet"),
                        T("En", "Nej", "No"),
                    ),
                ),
                Q(
                    "pm_themes",
                    Kind.MULTIPLE,
                    T(
                        "Mitkä koulutuksen teemat kiinnostavat sinua eniten?",
                        "Vilka av utbildningens teman intresserar dig mest?",
                        "Which themes of the training interest you most?",
                    ),
                    choices=(
                        T("Vuorovaikutus", "Växelverkan", "Interaction"),
                        T("Itsetuntemus", "Självkännedom", "Self-knowledge"),
                        T("Ryhmänohjaus", "Grupphandledning", "Group guidance"),
                    ),
                ),
                Q(
                    "pm_free",
                    Kind.TEXT,
                    T(
                        "Mitä muuta haluaisit kertoa?",
                        "Vad mer vill du berätta?",
                        "Is there anything else you would like to tell us?",
                    ),
                ),
            ),
        ),
    ),
)

# (d) Seed 004: "koulutuspilotti sai kouluarvosanan 8 asteikolla 4-10" with the reasons.
COURSE_FEEDBACK = Instrument(
    title=T("Koulutuksen palaute", "Respons på utbildningen", "Course feedback"),
    description=T(
        "Kiitos osallistumisesta! Palautteesi auttaa kehittämään koulutusta.",
        "Tack för att du deltog! Din respons hjälper oss att utveckla utbildningen.",
        "Thank you for taking part! Your feedback helps us develop the training.",
    ),
    purpose=Purpose.FEEDBACK,
    sections=(
        S(
            T("Palaute", "Respons", "Feedback"),
            (
                Q(
                    "cf_grade",
                    Kind.GRADE,
                    T(
                        "Minkä kouluarvosanan antaisit koulutukselle kokonaisuutena?",
                        "Vilket skolvitsord skulle du ge utbildningen som helhet?",
                        "What school grade would you give the training as a whole?",
                    ),
                    T("Asteikko 4–10.", "Skala 4–10.", "Scale 4–10."),
                    required=True,
                ),
                Q(
                    "cf_reason",
                    Kind.TEXT,
                    T(
                        "Perustele arvosanasi.",
                        "Motivera ditt vitsord.",
                        "Give the reasons for your grade.",
                    ),
                ),
                Q(
                    "cf_useful",
                    Kind.TEXT,
                    T(
                        "Mikä koulutuksessa oli hyödyllisintä omassa työssäsi?",
                        "Vad i utbildningen var mest nyttigt i ditt eget arbete?",
                        "What in the training was most useful in your own work?",
                    ),
                ),
                Q(
                    "cf_improve",
                    Kind.TEXT,
                    T(
                        "Mitä kehittäisit?",
                        "Vad skulle du utveckla?",
                        "What would you improve?",
                    ),
                ),
            ),
        ),
    ),
)

BUILT_IN: tuple[Instrument, ...] = (
    SELF_ASSESSMENT,
    TRAINING_NEEDS,
    WILLINGNESS,
    COURSE_FEEDBACK,
)


def _translations(text: T, help_text: T | None = None, **extra: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for lang in ("sv", "en"):
        entry: dict[str, Any] = {"text": getattr(text, lang)}
        if help_text is not None:
            entry["help_text"] = getattr(help_text, lang)
        for name, value in extra.items():
            if value is not None:
                entry[name] = getattr(value, lang)
        out[lang] = entry
    return out


def _set(obj: Any, **values: Any) -> bool:
    """Set ``values`` on ``obj``; whether anything changed."""
    changed = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed


def built_in(instrument: Instrument) -> Survey | None:
    """The stored built-in instrument, found by its anchor question's key."""
    with scopes_disabled():
        return (
            Survey.objects.filter(
                is_instrument=True,
                organisation__isnull=True,
                questions__key=instrument.anchor,
            )
            .order_by("pk")
            .first()
        )


@transaction.atomic
def instrument_install(instrument: Instrument) -> Survey:
    """Create ``instrument`` or bring the stored one's wording up to date (idempotent).

    Questions are matched by key; an existing question keeps its kind and scale length when
    it has answers elsewhere (copies are separate surveys, so a built-in instrument itself
    never has answers). A question removed from the definition is left alone."""
    survey = built_in(instrument)
    fields = {
        "title": instrument.title.fi,
        "description": instrument.description.fi,
        "purpose": instrument.purpose,
        "anonymous": instrument.anonymous,
        "translations": {
            lang: {
                "title": getattr(instrument.title, lang),
                "description": getattr(instrument.description, lang),
            }
            for lang in ("sv", "en")
        },
    }
    if survey is None:
        survey = Survey(is_instrument=True, organisation=None, **fields)
        survey.full_clean()
        survey.save()
    elif _set(survey, **fields):
        survey.save()

    with scopes_disabled():
        sections = list(Section.objects.filter(survey=survey).order_by("order", "pk"))
        questions = {q.key: q for q in Question.objects.filter(survey=survey)}
    for s_index, spec in enumerate(instrument.sections):
        section_values = {
            "title": spec.title.fi,
            "help_text": spec.help_text.fi if spec.help_text else "",
            "order": s_index,
            "translations": {
                lang: {
                    "title": getattr(spec.title, lang),
                    **({"help_text": getattr(spec.help_text, lang)} if spec.help_text else {}),
                }
                for lang in ("sv", "en")
            },
        }
        # A section is matched through its questions (titles may be reworded).
        by_id = {s.pk: s for s in sections}
        section = next(
            (
                by_id[questions[q.key].section_id]  # type: ignore[index]
                for q in spec.questions
                if q.key in questions and questions[q.key].section_id in by_id
            ),
            None,
        )
        if section is None:
            section = next(
                (s for s in sections if s.order == s_index and s.title == spec.title.fi), None
            )
        if section is None:
            section = Section.objects.create(survey=survey, **section_values)
        elif _set(section, **section_values):
            section.save()
        for q_index, q in enumerate(spec.questions):
            values = {
                "section": section,
                "kind": q.kind,
                "text": q.text.fi,
                "help_text": q.help_text.fi if q.help_text else "",
                "required": q.required,
                "order": q_index,
                "scale_labels": list(q.scale.fi) if q.scale else [],
                "measures_need": q.measures_need,
                "translations": _translations(
                    q.text,
                    q.help_text,
                    scale_labels=q.scale,
                ),
            }
            question = questions.get(q.key)
            if question is None:
                question = Question(survey=survey, key=q.key, **values)
                question.full_clean()
                question.save()
            elif _set(question, **values):
                question.save()
            _install_choices(question, q.choices)
    return survey


def _install_choices(question: Question, choices: tuple[T, ...]) -> None:
    """Choices are matched by their order (their Finnish label may be reworded)."""
    existing = list(question.choices.order_by("order", "pk"))
    for index, label in enumerate(choices):
        values = {
            "label": label.fi,
            "order": index,
            "translations": {lang: {"label": getattr(label, lang)} for lang in ("sv", "en")},
        }
        if index < len(existing):
            if _set(existing[index], **values):
                existing[index].save()
        else:
            Choice.objects.create(question=question, **values)


_SCHEMA_CURRENT: set[str] = set()


def _schema_current(using: str) -> bool:
    """Whether every migration is applied on ``using`` (after ``migrate surveys 0004`` the
    models are ahead of the tables: nothing is installed then). Remembered per process once
    true: flushes between tests emit post_migrate too."""
    if using not in _SCHEMA_CURRENT:
        from django.db import connections
        from django.db.migrations.executor import MigrationExecutor

        executor = MigrationExecutor(connections[using])
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            return False
        _SCHEMA_CURRENT.add(using)
    return True


def instruments_install(*, using: str = DEFAULT_DB_ALIAS, **kwargs: Any) -> list[Survey]:
    """Every built-in instrument, created or updated (the post_migrate handler)."""
    if not _schema_current(using):
        return []
    return [instrument_install(instrument) for instrument in BUILT_IN]


def survey_from_instrument(
    instrument: Survey, *, organisation: Organisation, title: str, by: User, **fields: Any
) -> Survey:
    """A survey of ``organisation`` made from ``instrument`` by the builder's service (its
    sections, questions with their keys, and choices), with ``fields`` (status, dates,
    audience roles) set as the demo and the benchmark need them."""
    from tutori.surveys.services.builder import survey_from_instrument as made_from

    survey = made_from(by=by, instrument=instrument, organisation=organisation, title=title)
    if fields:
        with scopes_disabled():
            Survey.objects.filter(pk=survey.pk).update(**fields)
        survey.refresh_from_db()
    return survey
