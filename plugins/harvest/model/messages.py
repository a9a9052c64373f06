"""Every message people read about their entries, worded once: what `make validate` and the build
report (`path:line:column: message`), what the "Deel je oogst" form says beside a field, and what
`make new` answers. Code names a message and fills it in; it never words one itself.

A message is a named template with placeholders in braces: `{key}` the field as the file names it
(`summary`), `{label}` the field as the form shows it (Samenvatting), `{help}` its help without the
final full stop, `{example}`, `{shown}` (the value as `show` shows it) and what else each message
needs. It has two voices:

- the file voice, for people who edit the file (`make validate`, `make new`): fields by their key;
- the person voice, for people who fill in the form: by default the file voice's words.

Both voices are interface text: the catalogue (locales/oogst.pot) extracts every Message, and a
translation of it rewords them in another language. The form's script
(theme/js/contribute-rules.js) gets the person voice of the messages it checks (outputs/form.py
writes them into meedoen/formulier.json) and fills in the same placeholders, `{label}` included:
rewording the form is a change of this catalogue only."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..i18n import N_, _


@dataclass(frozen=True)
class Message:
    file: str  # the file voice
    person: str = ""  # the person voice, where it says something else than the file voice

    def voice(self, person: bool = False) -> str:
        """The template in the interface's language (the catalogue extracts every Message)."""
        return _((self.person or self.file) if person else self.file)


MESSAGES: dict[str, Message] = {
    # A field that is missing, empty or of the wrong shape.
    "missing": Message("verplicht veld `{key}` ontbreekt ({help}); voeg bv. `{key}: {example}` toe",
                    person=N_("Vul {labelLower} in")),
    "empty": Message("`{key}` is leeg; vul het in ({help})"),
    "emptyList": Message("`{key}` is een lege lijst; noem er minstens één"),
    "notList": Message("`{key}` moet een lijst zijn, bv. `{key}: [eerste, tweede]`"),
    "notOneValueList": Message("`{key}` moet één waarde zijn, geen lijst"),
    "notOneValueGroup": Message("`{key}` moet één waarde zijn, geen groep velden"),
    "notText": Message("`{key}` moet tekst zijn, niet {shown}"),
    "twice": Message("`{key}` noemt {shown} twee keer; laat er één staan"),
    "unknownField": Message("onbekend veld `{key}`{hint}"),
    "elsewhere": Message("; `{key}` hoort bij {types}, niet bij {type}"),  # a hint
    "didYouMean": Message("; bedoel je `{match}`?"),  # a hint
    "schema": Message("`{key}`: {detail}"),  # what JSON Schema says, where no rule here says more
    "pattern": Message("`{key}` heeft niet de vorm die het vraagt ({help}), niet {shown}",
                    person=N_("{label} heeft niet de vorm die het vraagt: {hint}")),
    # Links.
    "linkShape": Message("een link moet `title` en `url` hebben, bv. `- {title: Verslag, url: https://…}`"),
    "linkPart": Message("deze link mist `{key}`; een link heeft `title` en `url`",
                    person=N_("Geef elke link een titel en een adres")),
    "unknownLinkField": Message("onbekend veld `{key}` in een link{hint} (een link heeft `title` en `url`)"),
    # Sources (`source`): where an entry's facts come from.
    "sourceShape": Message("een bron is een webadres (https://…), de titel van de tekst, of een groep met "
                           "`title`, `publisher` en `url`, bv. `{title: Verslag, publisher: Kennisland}`, "
                           "niet {shown}"),
    "sourcePart": Message("deze bron mist `title`; een bron heeft een `title`, en waar ze die hebben een "
                          "`publisher` en een `url`"),
    "unknownSourceField": Message("onbekend veld `{key}` in een bron{hint} (een bron heeft `title`, "
                                  "`publisher` en `url`)"),
    # Text, years, dates, addresses, numbers.
    "long": Message("`{key}` is {length} tekens lang; houd het op hoogstens {max} "
                    "(de rest hoort in de tekst onder de front matter)",
                    person=N_("{label} is {length} tekens lang; houd het op hoogstens {max} tekens (de "
                              "rest kan in je verhaal)")),
    "html": Message("`{key}` is gewone tekst: laat HTML-tags weg",
                    person=N_("Schrijf {labelLower} als gewone tekst, zonder tekens als < en > eromheen")),
    "oneLine": Message("`{key}` is één regel tekst: haal regeleinden en tabs weg",
                    person=N_("Schrijf {labelLower} op één regel")),
    "year": Message("`{key}` moet een jaartal zijn, bv. `{key}: 2019`, niet {shown}",
                    person=N_("Typ bij {labelLower} een jaartal in cijfers, bijvoorbeeld 2019")),
    "yearRange": Message("`{key}` moet een jaartal tussen {min} en {max} zijn, niet {value}",
                    person=N_("Typ bij {labelLower} een jaartal tussen {min} en {max}")),
    "yearOrder": Message("`{key}` ({value}) ligt vóór `{before}` ({other})",
                    person=N_("{label} kan niet vóór {beforeLabelLower} liggen: {value} is eerder dan "
                              "{other}")),
    "date": Message("`{key}` moet een datum JJJJ-MM-DD zijn, bv. `{key}: 2024-05-17`, niet {shown}",
                    person=N_("Typ {labelLower} als dag, maand en jaar in cijfers, bijvoorbeeld 17 5 2024")),
    "dateExists": Message("`{key}` is geen bestaande datum: {shown}",
                    person=N_("Die dag bestaat niet: kijk de dag en de maand na")),
    "updatedOrder": Message("`{key}` ({value}) ligt vóór `{before}` ({other}); een inzending kan niet "
                            "bijgewerkt zijn voor ze werd toegevoegd"),
    "url": Message("`{key}` moet een volledig webadres zijn (https://…), niet {shown}",
                    person=N_("Typ bij {labelLower} het hele adres, bijvoorbeeld https://www.gent.be")),
    "urlScheme": Message("`{key}` moet beginnen met https:// of http://; bedoel je `https://{fixed}`?",
                    person=N_("Typ bij {labelLower} het hele adres, met https:// ervoor: bedoel je "
                              "https://{fixed}?")),
    "email": Message("`{key}` is geen e-mailadres zoals `naam@voorbeeld.be`: {shown}",
                    person=N_("Typ een e-mailadres zoals naam@voorbeeld.be")),
    "isbn": Message("`{key}` is geen ISBN: gebruik 10 of 13 cijfers (koppeltekens mogen), niet {shown}",
                    person=N_("Typ het ISBN zoals het op het boek staat: 10 of 13 cijfers")),
    "isbnCheck": Message("het controlecijfer van ISBN {shown} klopt niet; neem het nummer over van het "
                         "boek of de uitgever",
                    person=N_("Dit ISBN klopt niet: neem het nummer over van het boek of van de uitgever")),
    # Choices, themes and relations.
    "choice": Message("onbekende waarde {shown}{where}{hint} (kies uit {choices})"),
    "choiceIn": Message(" in `{key}`"),  # `where` above, for a value in a list
    "unknownTheme": Message("onbekend thema {shown}{hint} (de thema's staan in content/themes.yml)"),
    "notSlug": Message("{shown} is geen geldige slug: kleine letters, cijfers en koppeltekens, zoals de "
                       "bestandsnaam zonder .md"),
    "unknown": Message("`{slug}` bestaat niet in content/{type}/",
                    person=N_("Kies bij {labelLower} een naam uit de lijst, of houd wat je typte als "
                              "nieuwe naam")),
    "selfReference": Message("de inzending verwijst naar zichzelf (`{slug}`); haal dit weg"),
    "statedTwice": Message("de relatie met `{slug}` staat al in {path}; een relatie noem je aan één kant, "
                           "ze verschijnt op beide pagina's"),
    "oneOf": Message("een {type} heeft {fields} of beide: voeg bv. `{first}: Brussel` of "
                     "`{last}: https://…` toe",
                    person=N_("Zeg waar de {type} plaatsvindt: vul {firstLabelLower} in, of het adres bij "
                              "{lastLabelLower}, of allebei")),
    # An event's times (the `moment` and `end` kinds).
    "moment": Message("`{key}` moet {forms} zijn, bv. `{key}: 2026-12-10 14:00`, niet {shown}",
                    person=N_("Typ wanneer de {type} {labelLower}: dag, maand en jaar in cijfers, en "
                              "eventueel het uur, bijvoorbeeld 14:00")),
    "momentForms": Message("een dag `JJJJ-MM-DD` of dag en uur `JJJJ-MM-DD UU:MM`"),  # `forms` above
    "orTimeAlone": Message(", of alleen een uur `UU:MM`"),  # after momentForms, for an end
    "momentNumber": Message("`{key}` is het getal {number}, geen tijd: schrijf {forms}, bv. "
                            "`{key}: 2026-12-10 17:00`; een uur alleen zet je tussen aanhalingstekens: "
                            "`{key}: '17:00'`"),
    "momentColon": Message("`{key}` schrijft het uur met een dubbelepunt: `{key}: {fixed}`, niet {shown}"),
    "momentOrder": Message("`{key}` schrijft de datum als jaar-maand-dag: bedoel je `{fixed}`?"),
    "hour": Message("`{key}`: {time} is geen bestaand uur; een uur loopt van 00:00 tot 23:59",
                    person=N_("Typ een uur dat bestaat, tussen 00:00 en 23:59")),
    "endTimeOnly": Message("`{key}` is alleen een uur, maar `{start}` heeft geen uur: geef ook het beginuur, "
                           "bv. `{start}: {day} 14:00`, of laat `{key}` weg",
                    person=N_("Typ ook het uur waarop de {type} begint, of laat {labelLower} leeg")),
    "endKind": Message("geef `{start}` en `{key}` allebei met een uur (`JJJJ-MM-DD UU:MM`) of allebei als "
                       "hele dagen (`JJJJ-MM-DD`)",
                    person=N_("Typ bij {startLabelLower} en bij {labelLower} allebei een uur, of bij geen "
                              "van beide")),
    "endOrder": Message("`{key}` ({value}) ligt niet na `{start}` ({other}); een bijeenkomst eindigt "
                        "na ze begint",
                    person=N_("{label} moet na {startLabelLower} liggen")),
    # Days out of their field's range (schema.py's DAY_MIN_YEAR, DAY_AHEAD_DAYS, MOMENT_YEARS).
    "dateEarly": Message("`{key}` ({value}) ligt vóór {min}: geef de dag waarop de inzending werd toegevoegd "
                         "of bijgewerkt"),
    "dateLate": Message("`{key}` ({value}) ligt meer dan een jaar na vandaag ({today}); geef de dag waarop "
                        "de inzending werd toegevoegd of bijgewerkt, bv. `{key}: {today}`"),
    "momentRange": Message("`{key}` ({value}) ligt niet tussen {min} en {max}; kijk het jaartal na"),
    # Earlier addresses (`aliases`).
    "aliasLong": Message("een eerder adres is hoogstens {max} tekens lang, dit is er {length}"),
    "aliasControl": Message("dit eerdere adres bevat een onzichtbaar stuurteken; typ het opnieuw, "
                            "bv. `/ervaringen/oude-slug/`"),
    "aliasAddress": Message("een eerder adres is een pad op deze site, zonder `https://` en domeinnaam: "
                            "bv. `/ervaringen/oude-slug/`, niet {shown}"),
    "aliasDots": Message("een eerder adres mag geen `.` of `..` als deel hebben: {shown}"),
    "aliasSlash": Message("een eerder adres begint met `/`: bedoel je `/{value}`?"),
    "aliasPath": Message("{shown} is geen eenvoudig pad op deze site: gebruik letters, cijfers, `-` en `_` "
                         "tussen `/`, eindigend op `/` of `.html`, bv. `/ervaringen/oude-slug/`"),
    # The file's name, and a new file.
    "slug": Message("de bestandsnaam `{slug}.md` is geen geldige slug: gebruik kleine letters, cijfers en "
                    "enkele koppeltekens, bv. `{suggestion}.md`"),
    "slugFallback": Message("mijn-inzending"),  # the suggestion above when nothing of the name is left
    "noSlug": Message("uit de titel `{title}` valt geen bestandsnaam te maken: gebruik letters of cijfers",
                    person=N_("Gebruik in de titel ook letters of cijfers")),
    # `make new` refuses to overwrite; the form takes a free name itself and says a title is taken.
    "taken": Message("{path} bestaat al; kies een andere titel of bewerk dat bestand",
                     person=N_("Er staat al een {typeLower} met deze titel in de oogst. Bedoel je iets "
                               "anders, maak de titel dan preciezer")),
    "mailSubject": Message("Nieuwe inzending: {title}"),  # the form's e-mail to the editors
    # An entry whose type needs its story (EntryType.story) and has none.
    "noStory": Message("een {type} heeft een tekst nodig onder de front matter; schrijf hem. {prompt}",
                       person=N_("Vertel wat er gebeurde. {prompt}")),
    # The form: a press before a type is chosen; intake: an answer without a type.
    "noTypeChosen": Message("kies de soort inzending: {choices}",
                            person=N_("Kies wat je wilt delen: {choices}")),
    "noType": Message("noem de soort en de titel, bv. `make new type=tools title=\"Mijn instrument\"` of "
                      "`.venv/bin/invoke new tools \"Mijn instrument\"`"),
    "unknownType": Message("onbekende soort `{name}`{hint} Kies uit: {choices}."),  # name: as asked
    "noTitle": Message("geef een titel, bv. `make new type=tools title=\"Mijn instrument\"`"),
    # content/themes.yml
    "themeShape": Message("elk thema heeft `slug`, `title` en `description`"),
    "themeMissing": Message("dit thema mist `{key}` (tekst)"),
    "themeSlug": Message("{shown} is geen geldige slug: kleine letters, cijfers en koppeltekens"),
    "themeTwice": Message("thema `{slug}` staat twee keer in de lijst"),
    # Words that join values in a message: `a`, `b` of `c`.
    "listOr": Message("{most} of {last}"),
    # The comments of a new file (`make new`): what to fill in, how, and what the body is for.
    "scaffoldHead": Message("# Nieuwe inzending: {label} ({description})."),
    "scaffoldFill": Message("# Vul elk veld met `# {placeholder}` in: typ de waarde na de dubbele punt; "
                            "de uitleg erachter\n# mag blijven staan. Een optioneel veld gebruik je door het "
                            "`# ` vooraan de regel weg te halen.\n# Alle velden staan uitgelegd in "
                            "CONTRIBUTING.md, onder \"Velden\"."),
    "scaffoldToday": Message("Ingevuld met vandaag."),
    "scaffoldOptional": Message("# Optioneel:"),
    "scaffoldRelations": Message("# Verbanden met andere inzendingen (optioneel; noem een verband aan één "
                                 "kant):"),
    "scaffoldBody": Message("<!-- {prompt} Schrijf in Markdown: een kopje met ##, een lijst met -. Deze "
                            "opmerking verschijnt niet op de site; haal ze weg als je tekst er staat. -->"),
    "scaffoldPlaceholder": Message("VUL IN"),
    "scaffoldChoose": Message("Kies uit: {choices}."),
    "scaffoldYear": Message("Een jaartal, bv. 2019."),
    "scaffoldExample": Message("{help}, bv. {example}."),
    "scaffoldExampleTheme": Message("innovatiecultuur"),  # when content/themes.yml cannot be read
    "scaffoldExampleTexts": Message("[Eerste, Tweede]"),
    "scaffoldExampleSlugs": Message("[een-slug]"),
    "scaffoldExampleLinks": Message("[{title: Verslag, url: https://…}]"),
    "scaffoldCreated": Message("Nieuw bestand: {path}\nVul de velden met `# {placeholder}` in, "
                               "controleer met `make validate` en bekijk de pagina met `make serve` op "
                               "http://localhost:8000/{section}/{slug}/"),
}

# What the form asks for a missing field, by field name, and for a link's missing part: the person
# voice of "missing" and "linkPart" said for that field (the file voice stays the base message's).
_ASK = {
    "missing_title": N_("Vul een titel in"),
    "missing_summary": N_("Vul een samenvatting in"),
    "missing_themes": N_("Kies minstens één thema"),
    "missing_kind": N_("Kies wat voor {typeLower} het is"),
    "missing_stage": N_("Kies hoe ver het project staat"),
    "missing_roles": N_("Kies minstens één rol"),
    "missing_starts": N_("Typ de dag waarop de {typeLower} begint"),
    "linkPart_title": N_("Geef elke link een titel, bijvoorbeeld Verslag"),
    "linkPart_url": N_("Typ bij elke link het hele adres, bijvoorbeeld https://www.gent.be"),
}
for _name, _person in _ASK.items():
    MESSAGES[_name] = Message(MESSAGES[_name.split("_")[0]].file, person=_person)

# What `make intake` and the issue workflow say, to the person who sent the entry and to the editor
# who runs it: plain Dutch, one voice.
MESSAGES.update({
    # The submission in words (the form's mail and issue, read back by intake): its labels and the
    # line above the file.
    "readType": Message("Soort inzending"),
    "readStory": Message("Je verhaal"),
    "readNew": Message("nieuw in de oogst"),
    "readAt": Message("{day} om {time}"),  # an event's day and hour
    "readMark": Message("----- Hieronder het bestand voor de redactie; pas het niet aan -----"),
    "readRest": Message("(Mijn verhaal en het bestand voor de redactie plak ik hieronder.)"),
    "intakeEmpty": Message("hier staat geen inzending: geen soort inzending en geen bestand voor de "
                           "redactie; stuur het formulier van de site opnieuw, of vul het issueformulier in"),
    "intakeTooLong": Message("deze tekst is te lang om als inzending te lezen: hoogstens {max} tekens"),
    "intakeChoice": Message("„{value}” past niet bij {labelLower}; kies uit {choices}"),
    "intakeTheme": Message("„{value}” is geen thema van de oogst; kies uit {choices}"),
    "intakeYear": Message("„{value}” is geen jaartal; typ het jaar in cijfers, bijvoorbeeld 2019"),
    "intakeLink": Message("„{value}” is geen link: zet de titel en het hele adres op één regel, "
                          "bijvoorbeeld Verslag: https://www.gent.be"),
    "intakeNew": Message("{name} staat nog niet in de oogst ({labelLower}): maak er een inzending van "
                         "of laat het verband weg"),
    "intakeUnplaced": Message("wat bij „{label}” staat, kon ik nergens plaatsen: {value}"),
    "intakeFile": Message("het bestand onder de streep is niet te lezen ({detail}); ik lees de antwoorden "
                          "erboven"),
    "intakeOutside": Message("{path} ligt niet in de inhoudsmap; ik schrijf er niets"),
    "intakeWritten": Message("Nieuwe inzending: {path}"),
    "intakeProblems": Message("Dank je voor je inzending! Voor we er een pagina van maken, moet je nog "
                              "iets aanpassen:"),
    "intakeEditIssue": Message("Pas je issue aan (de drie puntjes bovenaan, dan Edit). Zodra je het "
                               "bewaart, kijken we opnieuw."),
    "intakeProposed": Message("Dank je! Je inzending staat klaar als voorstel: {link}. Een redacteur leest "
                              "ze binnen {days} werkdagen na en antwoordt hier."),
})


# The help the form and the issue form show beside a field, where the model's help speaks the file's
# syntax (keys, backticks, folders, JJJJ-MM-DD): for a person, in words.
HELP = {
    "themes": N_("Kies één of meer thema's waarover het gaat."),
    "links": N_("Een verslag, een presentatie of een artikel erover: de titel en het hele adres."),
    "source": N_("Waar komt wat je schrijft vandaan? Het adres van de tekst, of de titel en de uitgever van "
                 "een verslag, boek of begroting."),
    "license": N_("Mag die tekst overgenomen worden? Noem de voorwaarden als je ze kent, bijvoorbeeld "
                  "vrij over te nemen met vermelding van de bron."),
    "ended": N_("Het jaar waarin het project eindigde, bijvoorbeeld 2023."),
    "started": N_("Het jaar waarin het project begon, bijvoorbeeld 2019."),
    "duration": N_("Hoe lang het duurt, bijvoorbeeld 2 uur of een halve dag."),
    "group_size": N_("Voor hoeveel mensen, bijvoorbeeld 8 tot 20 deelnemers."),
    "starts": N_("De dag, en het uur als dat al vastligt (tijd in België en Nederland)."),
    "ends": N_("Laat leeg als het einde niet vastligt. Alleen een uur: dan is het dezelfde dag."),
    "venue": N_("De naam van de plek, bijvoorbeeld Beurs van Berlage."),
    "city": N_("De gemeente of stad. Is de bijeenkomst alleen online, vul dan het adres bij Online in."),
    "url": N_("Het adres waar je er meer over vindt."),
    "website": N_("Het adres van de website."),
    "online": N_("Het adres waar je online deelneemt."),
    "registration": N_("Het adres waar je je inschrijft."),
}


def person_help(f) -> str:
    """A field's help as a person reads it: the catalogue's words, else the model's."""
    return _(HELP[f.name]) if f.name in HELP else _(f.help)


_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def fill(template: str, params: dict) -> str:
    """The template with each `{name}` replaced, as the form's script fills it (contribute-rules.js
    `fill`): braces around anything but a name stay as they are (`{title: …, url: …}`)."""
    return _PLACEHOLDER.sub(lambda m: str(params[m[1]]), template)


def say(message: str, /, **params) -> str:
    """The message named `message`, in the file voice."""
    return fill(MESSAGES[message].voice(), params)


def templates(names, person: bool = True) -> dict[str, str]:
    """{name: template} in one voice, in the order of `names`: what the form's script receives."""
    return {name: MESSAGES[name].voice(person) for name in names}


def show(value) -> str:
    """A value as messages quote it: in backticks, cut at 60 characters."""
    text = str(value)
    return f"`{text[:60]}…`" if len(text) > 60 else f"`{text}`"


def one_of(values) -> str:
    """`a`, `b` of `c`."""
    values = [f"`{v}`" for v in values]
    return values[0] if len(values) == 1 else say("listOr", most=", ".join(values[:-1]), last=values[-1])
