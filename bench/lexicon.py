"""Domain lexicon for bench/generate.py: the words a synthetic recommendation is built from.

Plain data, no logic. A recommendation's *ask* is one predicate of a topic: a frame (a verb
phrase in the bare infinitive with `{0}` / `{1}` slots) and one filler per slot. Two asks of a
topic are different asks when their predicates differ; that is what near-miss distractors use
(same frame, another filler: "remove the residency requirement ..." against "remove the
language-proficiency requirement ...").

Everything else is surface that a restatement may change without changing the ask: the
subject that opens the sentence (a group of interchangeable openers), qualifiers, a purpose
clause, an optional detail ("including ..."), a reference sentence, framing sentences, and
synonyms (global pairs, and `[a|b]` alternatives written inside frames and fillers).

Keep every predicate starting with a verb that `generate.gerund` handles (the "Consideration
should be given to ...ing" form), and keep the words of SYNONYMS out of identity-bearing
positions where a swap would make nonsense.
"""

from __future__ import annotations

# Fixed list of 50 ISO 3166-1 alpha-2 codes of OSCE participating States (the order is part of
# the output: --countries N takes the first N). Kazakhstan, Georgia and Moldova are left out
# because the shipped seed/ holds their real reports (generated ids could collide with them);
# so are the Holy See, Andorra, Monaco and San Marino.
COUNTRIES: tuple[str, ...] = (
    "AM", "AL", "NO", "UA", "KG",
    "AZ", "BA", "RS", "ME", "MK",
    "BY", "TJ", "UZ", "TM", "MN",
    "RU", "TR", "BG", "RO", "HU",
    "PL", "SK", "CZ", "SI", "HR",
    "LT", "LV", "EE", "FI", "SE",
    "DK", "IS", "IE", "GB", "US",
    "CA", "FR", "DE", "NL", "BE",
    "LU", "CH", "AT", "IT", "ES",
    "PT", "MT", "CY", "GR", "LI",
)  # fmt: skip

ELECTION_TYPES: tuple[tuple[str, float], ...] = (
    ("parliamentary", 0.45),
    ("presidential", 0.30),
    ("local", 0.25),
)

TITLE_NOUNS = {
    "parliamentary": "Parliamentary Elections",
    "presidential": "Presidential Election",
    "local": "Local Elections",
}

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip

# Subject groups: interchangeable sentence openers (restatements switch between them) and the
# addressees they imply. Every opener is followed directly by the predicate.
GROUPS: dict[str, dict[str, tuple[str, ...]]] = {
    "law": {
        "addressees": ("parliament",),
        "openers": (
            "The legal framework should be amended to",
            "The Election Code should be amended to",
            "The electoral legislation should be amended to",
            "Parliament should amend the electoral legislation to",
            "Legislation should be amended to",
        ),
        "consider": (
            "Consideration should be given to amending the legal framework to",
            "Parliament should consider amending the Election Code to",
            "Consideration could be given to amending the electoral legislation to",
        ),
    },
    "parliament": {
        "addressees": ("parliament",),
        "openers": ("Parliament should", "The parliament should", "The legislature should"),
    },
    "cec": {
        "addressees": ("cec",),
        "openers": (
            "The Central Election Commission should",
            "The election administration should",
            "The central election administration should",
        ),
    },
    "commissions": {
        "addressees": ("cec",),
        "openers": (
            "Election commissions at all levels should",
            "The election administration at all levels should",
            "All levels of the election administration should",
        ),
    },
    "authorities": {
        "addressees": ("government",),
        "openers": (
            "The authorities should",
            "State authorities should",
            "The government should",
            "The relevant state institutions should",
        ),
    },
    "registry": {
        "addressees": ("government", "cec"),
        "openers": (
            "The authorities responsible for voter registration should",
            "The bodies in charge of voter registration should",
            "The civil registry and the election administration should",
        ),
    },
    "courts": {
        "addressees": ("courts",),
        "openers": (
            "The courts should",
            "The judiciary should",
            "Courts dealing with election disputes should",
        ),
    },
    "law-enforcement": {
        "addressees": ("law-enforcement",),
        "openers": (
            "Law-enforcement bodies should",
            "The police and the prosecution service should",
            "The competent law-enforcement authorities should",
        ),
    },
    "parties": {
        "addressees": ("political-parties",),
        "openers": (
            "Political parties should",
            "Political parties and candidates should",
            "All electoral contestants should",
        ),
    },
    "regulator": {
        "addressees": ("media-regulator",),
        "openers": (
            "The media regulator should",
            "The broadcast regulator should",
            "The audiovisual media regulatory body should",
        ),
    },
    "broadcasters": {
        "addressees": ("broadcasters",),
        "openers": (
            "Public broadcasters should",
            "The public service broadcaster should",
            "Broadcast media, in particular the public broadcaster, should",
        ),
    },
    "oversight": {
        "addressees": ("oversight-body",),
        "openers": (
            "The political-finance oversight body should",
            "The body in charge of campaign-finance oversight should",
            "The authority overseeing political finance should",
        ),
    },
}

# Generic openers for any group: "Consideration should be given to <gerund predicate>".
CONSIDER_ANY = (
    "Consideration should be given to",
    "Consideration could be given to",
)

# Qualifiers: optional adverbials that never change the ask. "law" ones only follow law-like
# predicates (groups law and parliament).
QUALIFIERS: dict[str, tuple[str, ...]] = {
    "timing-law": (
        "well in advance of the next elections",
        "sufficiently ahead of the next electoral cycle",
        "in good time before the next elections",
    ),
    "timing": (
        "in a timely manner",
        "ahead of future elections",
        "well before the next elections",
    ),
    "standards": (
        "in line with OSCE commitments and international standards",
        "in line with international good practice",
        "in accordance with international obligations",
    ),
    "process": (
        "following an inclusive public consultation",
        "through an open and inclusive consultation process",
        "in consultation with civil society and political parties",
    ),
}

# Restatement framing: prefixes (sentence follows, first letter lowered), suffixes (before the
# final period) and separate framing sentences placed before the ask.
MARKER_PREFIXES = (
    "As previously recommended, ",
    "As recommended in previous ODIHR reports, ",
    "In line with previous ODIHR recommendations, ",
    "The ODIHR reiterates its previous recommendation that ",
    "The ODIHR reiterates that ",
    "As noted in earlier reports, ",
)
MARKER_SUFFIXES = (
    ", as previously recommended",
    ", as recommended in previous ODIHR reports",
    ", as recommended by the ODIHR on several occasions",
)
MARKER_SENTENCES = (
    "Previous ODIHR recommendations on this issue remain unaddressed.",
    "This long-standing recommendation remains to be implemented.",
    "A prior recommendation on this matter has not yet been addressed.",
    "This issue was raised in previous ODIHR reports.",
)
# Openers that new asks (not restatements) sometimes get, so that a framing word is not a tell.
NEUTRAL_PREFIXES = (
    "It is recommended that ",
    "In addition, ",
    "Furthermore, ",
)

# References, rendered as a sentence after the ask.
REFERENCE_SENTENCES = ("See {ref}.", "See also {ref}.", "This would be in line with {ref}.")

# Global synonym pairs: restatements swap some of those present. Case-sensitive; a leading
# capital is kept. Longest match wins.
SYNONYMS: tuple[tuple[str, str], ...] = (
    ("amended", "revised"),
    ("amend", "revise"),
    ("amending", "revising"),
    ("amendments", "revisions"),
    ("ensure", "guarantee"),
    ("ensuring", "guaranteeing"),
    ("measures", "steps"),
    ("election administration", "electoral administration"),
    ("election commissions", "electoral commissions"),
    ("Central Election Commission", "CEC"),
    ("legal framework", "legislative framework"),
    ("electoral legislation", "election legislation"),
    ("in line with", "consistent with"),
    ("international standards", "international obligations"),
    ("international good practice", "good international practice"),
    ("voter lists", "voter registers"),
    ("undue", "unreasonable"),
    ("restrictions", "limitations"),
    ("restriction", "limitation"),
    ("comprehensive", "thorough"),
    ("public confidence", "public trust"),
    ("sanctions", "penalties"),
    ("transparency", "openness"),
    ("impartiality", "neutrality"),
    ("in a timely manner", "without undue delay"),
    ("introduce", "establish"),
    ("introducing", "establishing"),
    ("publish", "make public"),
    ("publishing", "making public"),
    ("clarify", "specify"),
    ("clarifying", "specifying"),
    ("strengthen", "reinforce"),
    ("strengthening", "reinforcing"),
    ("adequate", "sufficient"),
    ("refrain from", "abstain from"),
    ("refraining from", "abstaining from"),
    ("simplify", "streamline"),
    ("simplifying", "streamlining"),
    ("polling stations", "polling places"),
)

# Gerunds that the simple rules in generate.gerund would get wrong.
GERUND_EXCEPTIONS = {
    "be": "being",
    "submit": "submitting",
    "permit": "permitting",
    "set": "setting",
    "commit": "committing",
    "refer": "referring",
    "stop": "stopping",
    "admit": "admitting",
    "put": "putting",
}

# Assessment evidence, by status. {year}: a year between the two elections; {law}: a law name.
EVIDENCE: dict[str, tuple[str, ...]] = {
    "fully-implemented": (
        "Amendments to {law} adopted in {year} addressed the recommendation, and they were "
        "applied in these elections.",
        "Addressed in full by the {year} amendments to {law}.",
        "Implemented: {law} was changed in {year} and the new rules worked in practice.",
    ),
    "mostly-implemented": (
        "Amendments of {year} addressed the main elements of the recommendation; some aspects "
        "remain outstanding.",
        "Largely addressed by changes to {law} in {year}; implementation was uneven.",
        "The {year} amendments met the essentials of the recommendation; minor gaps remain.",
    ),
    "partially-implemented": (
        "Some steps were taken in {year}, but the core of the recommendation remains unaddressed.",
        "Amendments to {law} of {year} responded only in part to the recommendation.",
        "Partly addressed in {year}; the main concern remains.",
        "A draft law of {year} addressed some elements, but it was adopted only in part.",
    ),
    "not-implemented": (
        "No steps were taken since the previous elections.",
        "The relevant provisions of {law} remain unchanged.",
        "Not addressed, although a draft law was discussed in {year}.",
        "The recommendation remains unaddressed.",
        "No amendments to {law} were made on this issue.",
    ),
    "no-longer-relevant": (
        "The institution concerned was abolished in {year}; the recommendation no longer applies.",
        "Changes to the electoral system in {year} made the recommendation obsolete.",
        "The provisions concerned were repealed in {year}.",
    ),
}
EVIDENCE_REGRESSED = (
    "Amendments of {year} reversed earlier progress on this issue.",
    "The situation deteriorated since the previous elections: {law} was changed in {year}.",
)
EVIDENCE_LAWS = (
    "the Election Code",
    "the electoral legislation",
    "the relevant regulations",
    "the Central Election Commission's instructions",
)


def frame(groups: str, text: str, *slots: tuple[str, ...], details: tuple[str, ...] = ()) -> dict:
    """One frame: subject groups (space-separated, first is the usual one), the predicate
    template, one tuple of fillers per slot, and optional "including ..." details."""
    return {"groups": tuple(groups.split()), "text": text, "slots": slots, "details": details}


# The taxonomy: the 20 ids of seed-format.md with the labels and descriptions of
# seed/topics.yaml (tests/unit/test_generate.py compares them), and each topic's generation data.
TOPICS: tuple[dict, ...] = (
    {
        "id": "legal-framework",
        "label": "Legal framework",
        "description": (
            "The electoral law as a whole: its completeness, consistency, review and stability."
        ),
        "weight": 1.3,
        "secondary": ("election-administration", "fundamental-freedoms"),
        "references": (
            "paragraph 5.8 of the 1990 OSCE Copenhagen Document",
            "section II.2.b of the Venice Commission's Code of Good Practice in Electoral Matters",
        ),
        "purposes": (
            "provide a sound legal basis for the conduct of genuine and democratic elections",
            "ensure legal certainty for voters, contestants and the election administration",
            "address the gaps and ambiguities identified in previous elections",
            "enhance the stability and predictability of the electoral legislation",
        ),
        "frames": (
            frame(
                "authorities parliament",
                "undertake a comprehensive review of {0}",
                (
                    "the Election Code",
                    "the legislation on political parties",
                    "the law on peaceful assemblies",
                    "the legislation governing the media",
                    "the law on referendums",
                    "the legislation on local self-government elections",
                    "the criminal provisions on electoral offences",
                    "the administrative offences code as it applies to elections",
                    "the legislation on the Central Election Commission",
                    "the law on citizen observers",
                ),
                details=(
                    "the harmonisation of related laws",
                    "the removal of contradictory provisions",
                    "a public discussion of the draft",
                ),
            ),
            frame(
                "parliament law",
                "refrain from [amending|changing] {0} within one year before elections",
                (
                    "the fundamental elements of the electoral law",
                    "the electoral system",
                    "constituency boundaries",
                    "the rules on the composition of election commissions",
                    "the rules on candidate registration",
                    "the rules on voter registration",
                    "the rules on campaign finance",
                    "the timing of the electoral calendar",
                ),
            ),
            frame(
                "law",
                "consolidate {0} into a single electoral code",
                (
                    "the separate laws on presidential, parliamentary and local elections",
                    "the referendum legislation",
                    "the rules on party and campaign financing",
                    "the provisions on election-related offences",
                    "the rules scattered across the Central Election Commission's regulations",
                    "the law on political advertising",
                    "the separate law on early elections",
                ),
            ),
            frame(
                "law",
                "[define|set out] in the law {0}",
                (
                    "the scope of the Central Election Commission's regulatory powers",
                    "the procedure for calling early elections",
                    "deadlines for all stages of the electoral process",
                    "the consequences of a state of emergency for the electoral calendar",
                    "the responsibilities of local authorities during elections",
                    "the procedure for the timely calling of regular elections",
                    "the legal status of election observers",
                    "the rules for counting votes cast abroad",
                ),
            ),
            frame(
                "authorities parliament",
                "publish {0}",
                (
                    "consolidated versions of all electoral laws",
                    "draft amendments to the electoral legislation for public comment",
                    "an official translation of the electoral laws into minority languages",
                    "an explanatory note with every electoral amendment",
                    "the annual reports of the parliamentary committee on electoral law",
                    "a comparative table of all amendments adopted since the last elections",
                ),
            ),
            frame(
                "authorities",
                "ensure the implementation of {0}",
                (
                    "decisions of the Constitutional Court on electoral matters",
                    "judgments of the European Court of Human Rights concerning elections",
                    "the opinions of the Venice Commission on the electoral legislation",
                    "the recommendations of the parliamentary working group on electoral reform",
                    "the final reports of international observation missions",
                    "the findings of the state audit office on election funding",
                ),
            ),
            frame(
                "parliament",
                "limit the use of {0} to amend the electoral legislation",
                (
                    "accelerated procedures",
                    "emergency decrees",
                    "presidential decrees",
                    "amendments introduced at the second reading",
                    "amendments attached to unrelated bills",
                    "government ordinances",
                    "amendments proposed by individual members without committee review",
                ),
            ),
            frame(
                "law",
                "[remove|eliminate] {0}",
                (
                    "the overlap between the Election Code and the law on local government",
                    "conflicting deadlines in the laws on presidential and parliamentary elections",
                    "references to repealed laws in the Election Code",
                    "the discretion of the executive to postpone local elections",
                    "provisions that allow executive bodies to issue binding electoral rules",
                    "the outdated provisions on paper-based voter lists",
                ),
            ),
            frame(
                "parliament",
                "[establish|set up] {0} to prepare electoral reform",
                (
                    "a cross-party working group",
                    "an expert commission including civil society",
                    "a public consultation mechanism",
                    "an independent review panel",
                    "a permanent parliamentary committee on electoral law",
                ),
            ),
            frame(
                "law",
                "[provide|include] in the law {0}",
                (
                    "transitional provisions for elections held under new rules",
                    "a clear hierarchy between the Election Code and by-laws",
                    "explicit rules for repeat elections and by-elections",
                    "a procedure for postponing elections in an emergency, subject to judicial "
                    "review",
                    "the rights and obligations of proxies of contestants",
                    "the status of the election administration between elections",
                ),
            ),
            frame(
                "authorities parliament",
                "seek broad political consensus on {0}",
                (
                    "changes to the electoral system",
                    "amendments to the Constitution affecting elections",
                    "the rules on the formation of election commissions",
                    "the timing of electoral reforms",
                    "the regulation of the campaign period",
                    "the introduction of new voting technologies",
                ),
            ),
            frame(
                "parliament",
                "[hold|organise] public hearings on {0}",
                (
                    "draft electoral amendments",
                    "the reform of the election administration",
                    "the annual report of the Central Election Commission",
                    "the implementation of the recommendations of observers",
                ),
            ),
            frame(
                "authorities",
                "[allocate|provide] adequate resources for {0}",
                (
                    "the implementation of new electoral legislation",
                    "training on new electoral rules",
                    "informing voters about changes to the electoral rules",
                    "the work of the election administration between elections",
                    "civic and voter education",
                ),
            ),
            frame(
                "law",
                "harmonise {0} with the Election Code",
                (
                    "the law on local self-government",
                    "the law on political parties",
                    "the law on the media",
                    "the criminal code",
                    "the law on personal data protection",
                    "the law on public assemblies",
                    "the law on access to information",
                ),
            ),
        ),
    },
    {
        "id": "electoral-system",
        "label": "Electoral system",
        "description": (
            "How seats are allocated: thresholds, constituencies and the equality of the vote."
        ),
        "weight": 0.9,
        "secondary": ("legal-framework", "political-parties"),
        "references": (
            "paragraph 7.3 of the 1990 OSCE Copenhagen Document",
            "section I.2.2 of the Venice Commission's Code of Good Practice in Electoral Matters",
        ),
        "purposes": (
            "safeguard the equality of the vote",
            "ensure that the will of the voters is reflected in the composition of elected bodies",
            "enhance the representativeness of elected bodies",
            "guarantee that every vote carries equal weight",
        ),
        "frames": (
            frame(
                "law",
                "lower the threshold for {0}",
                (
                    "political parties to enter parliament",
                    "electoral blocs to enter parliament",
                    "the distribution of seats in local councils",
                    "parties representing national minorities",
                    "the validity of referendums",
                    "independent candidates in majoritarian races",
                    "coalitions of parties",
                ),
            ),
            frame(
                "law authorities",
                "review the delimitation of {0} to ensure the equality of the vote",
                (
                    "single-member constituencies",
                    "multi-member districts",
                    "municipal electoral wards",
                    "constituencies for voters abroad",
                    "regional constituencies",
                    "wards in the capital city",
                ),
                details=(
                    "a maximum deviation of ten per cent from the average",
                    "the use of up-to-date population data",
                ),
            ),
            frame(
                "law",
                "establish {0} for the periodic review of constituency boundaries",
                (
                    "an independent boundary commission",
                    "objective and transparent criteria",
                    "a maximum permissible deviation",
                    "a fixed timetable",
                    "a public consultation",
                    "the publication of draft boundaries for comment",
                    "the right to appeal boundary decisions in court",
                ),
            ),
            frame(
                "law",
                "provide for {0}",
                (
                    "all seats of the lower chamber to be filled through direct popular vote",
                    "the direct election of mayors",
                    "the direct election of the upper chamber",
                    "an open-list proportional system",
                    "preferential voting within party lists",
                    "a second round in mayoral elections",
                    "proportional representation in local councils",
                    "a mixed system with compensatory seats",
                ),
            ),
            frame(
                "law",
                "abolish {0}",
                (
                    "the minimum turnout requirement for elections to be valid",
                    "the turnout quorum for referendums",
                    "the allocation of bonus seats to the winning party",
                    "the seats appointed by the president",
                    "the option to vote against all candidates",
                    "the higher threshold for electoral blocs",
                    "the rule excluding candidates who finish below a set share of votes",
                ),
            ),
            frame(
                "law",
                "clarify the [method|rules] for {0}",
                (
                    "allocating mandates to parties",
                    "filling vacated seats",
                    "determining the winner in case of a tie",
                    "calculating the threshold",
                    "allocating seats among constituencies",
                    "breaking ties between party lists",
                    "allocating seats to parties that pass the threshold after a recount",
                ),
            ),
            frame(
                "law",
                "[end|discontinue] the practice of {0}",
                (
                    "transferring mandates to candidates not elected",
                    "withdrawing the mandates of elected members who leave their party",
                    "allowing party leaders to head lists without taking up their seats",
                    "redistributing the seats of candidates who decline their mandates",
                    "replacing elected candidates with the next on the list by party decision",
                    "allowing a single candidate to head several regional lists",
                ),
            ),
            frame(
                "authorities cec",
                "publish {0}",
                (
                    "the data used to delimit constituencies",
                    "the number of voters per constituency well ahead of elections",
                    "the methodology for allocating seats",
                    "the calculations used to distribute mandates",
                    "the number of voters on which seat allocation is based",
                    "the results of the last census as used for delimitation",
                ),
            ),
            frame(
                "law",
                "reduce the [disparity|difference] in the number of voters between {0}",
                (
                    "single-member constituencies",
                    "multi-member districts",
                    "urban and rural municipalities",
                    "regions of the country",
                    "constituencies abroad",
                ),
            ),
            frame(
                "law",
                "reconsider the use of {0}",
                (
                    "a mixed electoral system",
                    "closed party lists",
                    "a majoritarian system in local elections",
                    "nationwide lists for local councils",
                    "regional party lists",
                    "the single nationwide constituency",
                ),
            ),
            frame(
                "law authorities",
                "[update|revise] {0} before each election",
                (
                    "the number of seats per constituency",
                    "the allocation of seats to regions",
                    "the population figures used to allocate seats",
                    "the list of municipalities forming each constituency",
                ),
            ),
            frame(
                "law",
                "set a maximum period for {0}",
                (
                    "holding by-elections to fill vacancies",
                    "calling repeat elections after an invalidation",
                    "the validation of mandates after elections",
                    "the announcement of the final allocation of seats",
                    "filling seats left vacant by elected candidates",
                ),
            ),
        ),
    },
    {
        "id": "election-administration",
        "label": "Election administration",
        "description": (
            "Election commissions at all levels: their composition, independence and transparency."
        ),
        "weight": 1.5,
        "secondary": ("legal-framework", "election-day"),
        "references": (
            "section II.3.1 of the Venice Commission's Code of Good Practice in Electoral Matters",
            "paragraph 20 of General Comment No. 25 of the UN Human Rights Committee",
        ),
        "purposes": (
            "strengthen public confidence in the impartiality of the election administration",
            "safeguard the independence of election commissions",
            "enhance the transparency of the work of the election administration",
            "ensure the professionalism of the election administration",
        ),
        "frames": (
            frame(
                "law",
                "review the {0} of election commissions to strengthen their independence",
                (
                    "composition",
                    "appointment procedures",
                    "dismissal procedures",
                    "terms of office",
                    "remuneration",
                    "decision-making quorum",
                    "rules on conflicts of interest",
                    "procedures for replacing members",
                ),
                details=(
                    "the role of political parties in nominating members",
                    "safeguards against undue influence by the executive",
                ),
            ),
            frame(
                "cec",
                "publish {0} on its website",
                (
                    "all its decisions and resolutions",
                    "the minutes of its sessions",
                    "the agendas of its sessions in advance",
                    "the findings of its internal audits",
                    "the decisions of lower-level commissions",
                    "a register of the complaints it has received",
                    "its annual financial report",
                    "its budget and expenditure",
                    "the composition of lower-level commissions",
                ),
            ),
            frame(
                "cec commissions",
                "open {0} to observers and the media",
                (
                    "its sessions",
                    "the meetings of its working groups",
                    "the sessions of lower-level commissions",
                    "the printing of ballots",
                    "the transport of ballots to lower-level commissions",
                    "the destruction of surplus ballots",
                    "the testing of electronic equipment",
                    "the accreditation of observers by the commission",
                ),
            ),
            frame(
                "cec",
                "provide {0} for members of {1}",
                (
                    "comprehensive training",
                    "standardised training on counting procedures",
                    "training on the handling of complaints",
                    "practical manuals",
                    "training on assisting voters with disabilities",
                    "training on the secrecy of the vote",
                    "training on the completion of results protocols",
                ),
                (
                    "precinct election commissions",
                    "district election commissions",
                ),
            ),
            frame(
                "law",
                "introduce {0} for the selection of precinct commission members",
                (
                    "transparent criteria",
                    "clear deadlines",
                    "a lottery procedure",
                    "a public call for candidates",
                    "a pool of trained and certified members",
                    "a fair distribution of leadership positions",
                    "minimum competence requirements",
                ),
            ),
            frame(
                "authorities",
                "ensure that {0} do not interfere in the work of election commissions",
                (
                    "local executive authorities",
                    "heads of educational institutions",
                    "public-sector employers",
                    "the security services",
                    "regional governors",
                    "ruling-party officials",
                    "law-enforcement bodies",
                ),
            ),
            frame(
                "law authorities",
                "provide the Central Election Commission with {0}",
                (
                    "sufficient funding",
                    "adequate permanent staff",
                    "budgetary autonomy",
                    "sufficient time to prepare for early elections",
                    "its own premises and equipment",
                    "a permanent secretariat at the regional level",
                    "an adequate budget for voter education",
                ),
            ),
            frame(
                "cec",
                "issue clear instructions on {0}",
                (
                    "the handling of ballots after the close of voting",
                    "the completion of results protocols",
                    "the use of mobile ballot boxes",
                    "the verification of voters' identity",
                    "the procedure for recounts",
                    "the handover of election materials",
                    "the storage of sensitive election materials",
                    "the handling of voters not found on the lists",
                    "the organisation of voting in institutions",
                ),
            ),
            frame(
                "cec commissions",
                "ensure that decisions on {0} are taken in open sessions after deliberation",
                (
                    "complaints",
                    "candidate registration",
                    "election results",
                    "the establishment of polling stations",
                    "the accreditation of observers",
                    "the cancellation of candidate registration",
                    "the cancellation of results in polling stations",
                ),
            ),
            frame(
                "law",
                "limit the possibility of {0}",
                (
                    "the early recall of commission members by the parties that nominated them",
                    "replacing commission members shortly before election day",
                    "appointing public-sector employees to commissions",
                    "commission members serving in several commissions at once",
                    "dismissing commission members without a reasoned decision",
                    "the chairperson deciding alone on matters reserved for the commission",
                ),
            ),
            frame(
                "law",
                "ensure {0} in the composition of election commissions",
                (
                    "balanced political representation",
                    "the representation of opposition parties",
                    "the representation of parties not in parliament",
                    "the appointment of professional members through an open competition",
                ),
            ),
            frame(
                "cec",
                "adopt {0}",
                (
                    "a code of conduct for commission members",
                    "a strategic plan for the election administration",
                    "a policy of recruiting staff on merit",
                    "rules of procedure that are publicly available",
                    "a communication strategy for elections",
                    "a gender equality policy for its staff",
                ),
            ),
        ),
    },
    {
        "id": "voter-registration",
        "label": "Voter registration",
        "description": "Voter lists and registers: their accuracy, public scrutiny and correction.",
        "weight": 1.1,
        "secondary": ("voting-rights", "election-administration"),
        "references": (
            "paragraph 7.3 of the 1990 OSCE Copenhagen Document",
            "section I.1.2 of the Venice Commission's Code of Good Practice in Electoral Matters",
        ),
        "purposes": (
            "enhance public confidence in the accuracy of voter lists",
            "ensure the inclusiveness and accuracy of voter lists",
            "prevent the possibility of multiple voting",
            "safeguard the right of every eligible citizen to be registered",
        ),
        "frames": (
            frame(
                "registry law",
                "introduce {0} between the civil registry and the voter register",
                (
                    "a centralised system for the exchange of data",
                    "regular automatic data transfers",
                    "a unique personal identification number",
                    "a mechanism to flag duplicate entries",
                    "a shared address database",
                    "a single national voter register",
                    "a secure online interface for municipal registrars",
                ),
            ),
            frame(
                "registry",
                "[remove|delete] {0} from the voter lists",
                (
                    "deceased persons",
                    "duplicate entries",
                    "entries with incomplete addresses",
                    "persons who have lost their citizenship",
                    "persons who have changed their place of residence",
                    "entries registered at non-residential addresses",
                ),
                details=("regular checks against the civil registry",),
            ),
            frame(
                "registry cec",
                "make {0} available for public scrutiny",
                (
                    "preliminary voter lists",
                    "the number of voters per polling station",
                    "supplementary voter lists",
                    "the lists of voters registered for mobile voting",
                    "the changes made to voter lists after their closure",
                    "the criteria used to remove voters from the lists",
                    "statistics on changes made to the voter register",
                ),
            ),
            frame(
                "law",
                "simplify the procedure for {0}",
                (
                    "requesting corrections to voter lists",
                    "registering at the place of actual residence",
                    "registering voters without a permanent address",
                    "transferring registration to another polling station",
                    "registering first-time voters",
                    "challenging the omission of a voter from the lists",
                    "updating the address of voters who have moved",
                    "obtaining the documents required for registration",
                ),
            ),
            frame(
                "law cec",
                "review the practice of {0} on election day",
                (
                    "adding voters to supplementary lists",
                    "voting with absentee certificates",
                    "voting outside the place of registration",
                    "adding voters to the mobile voting list",
                    "allowing voters to vote in a polling station other than their own",
                    "registering voters at the polling station",
                ),
            ),
            frame(
                "registry",
                "conduct {0} of the voter register",
                (
                    "an independent audit",
                    "a comprehensive review",
                    "a door-to-door verification",
                    "a periodic cross-check against border-crossing data",
                    "a statistical analysis",
                    "a field test of the accuracy of addresses",
                ),
            ),
            frame(
                "law registry",
                "establish clear procedures for the registration of {0}",
                (
                    "internally displaced persons",
                    "homeless persons",
                    "residents of informal settlements",
                    "persons in pre-trial detention",
                    "military personnel serving away from home",
                    "citizens residing abroad",
                    "students living away from home",
                    "persons released from prison",
                    "persons with disabilities in residential care",
                    "nomadic communities",
                ),
            ),
            frame(
                "registry cec",
                "provide voters with {0}",
                (
                    "an online tool to verify their registration",
                    "individual notifications of their polling station",
                    "sufficient time to request corrections",
                    "a free telephone line for registration queries",
                    "clear information on how to request mobile voting",
                    "a confirmation of the changes they requested",
                ),
            ),
            frame(
                "authorities",
                "ensure that {0} cannot be used to compile voter lists",
                (
                    "data from employers",
                    "information from housing associations",
                    "data collected by political parties",
                    "information from private databases",
                    "records of social benefit payments",
                ),
            ),
            frame(
                "law",
                "set {0} for the closure of voter lists",
                (
                    "a clear deadline",
                    "a single national deadline",
                    "a deadline that leaves time for public scrutiny",
                    "a deadline that is the same for all elections",
                    "a deadline set well before election day",
                ),
            ),
            frame(
                "registry cec",
                "inform voters about {0}",
                (
                    "how to check their entries in the voter lists",
                    "the deadlines for requesting corrections",
                    "the procedure for voting away from their registered address",
                    "changes in polling-station assignments",
                    "the possibility to register at their actual place of residence",
                    "the documents they need to bring to the polling station",
                ),
            ),
            frame(
                "law",
                "[abolish|end] {0}",
                (
                    "the automatic removal of voters who have been abroad for more than a year",
                    "the registration of conscripts at their place of service",
                    "registration by place of employment",
                    "the practice of registering voters by their employer's address",
                    "the requirement to re-register before each election",
                ),
            ),
        ),
    },
    {
        "id": "voting-rights",
        "label": "Voting rights",
        "description": (
            "Who may vote, including prisoners, persons under guardianship and citizens abroad."
        ),
        "weight": 0.8,
        "secondary": ("voter-registration", "persons-with-disabilities"),
        "references": (
            "paragraph 7.3 of the 1990 OSCE Copenhagen Document",
            "article 25 of the International Covenant on Civil and Political Rights",
            "paragraph 14 of General Comment No. 25 of the UN Human Rights Committee",
        ),
        "purposes": (
            "ensure universal and equal suffrage",
            "align the restrictions on the right to vote with the principle of proportionality",
            "guarantee that no citizen is disenfranchised without an individual assessment",
            "safeguard the right to vote of all eligible citizens",
        ),
        "frames": (
            frame(
                "law",
                "remove the blanket [restriction|ban] on the voting rights of {0}",
                (
                    "all prisoners irrespective of the crime committed",
                    "persons declared legally incapable by a court",
                    "persons in pre-trial detention",
                    "conscripts serving in the armed forces",
                    "persons convicted of minor offences",
                    "persons serving suspended sentences",
                    "persons convicted of electoral offences",
                ),
            ),
            frame(
                "law",
                "introduce {0} for citizens residing abroad",
                (
                    "postal voting",
                    "voting at diplomatic missions in all countries with significant communities",
                    "an online registration option",
                    "the possibility to vote for constituency candidates",
                    "dedicated constituencies",
                    "an extended deadline to register",
                    "the possibility to vote in person at designated centres",
                ),
            ),
            frame(
                "law",
                "reduce the residency requirement for voting in {0}",
                ("local elections", "presidential elections", "referendums", "regional elections"),
            ),
            frame(
                "law",
                "grant the right to vote in local elections to {0}",
                (
                    "long-term foreign residents",
                    "stateless persons",
                    "citizens of other European Union member states",
                    "recognised refugees",
                    "residents holding a permanent residence permit",
                ),
            ),
            frame(
                "law authorities",
                "provide for {0}",
                (
                    "mobile voting for voters in hospitals",
                    "voting arrangements for persons in pre-trial detention",
                    "voting by internally displaced persons at their current residence",
                    "voting arrangements for voters serving at sea",
                    "voting by students studying away from home",
                    "voting arrangements for voters in quarantine",
                    "voting arrangements for voters in remote areas",
                    "voting arrangements for persons in social care institutions",
                ),
            ),
            frame(
                "law",
                "ensure that restrictions on the voting rights of {0} are based on individual "
                "court decisions",
                (
                    "persons serving prison sentences",
                    "persons with psychosocial disabilities",
                    "persons under guardianship",
                    "persons convicted of minor offences",
                ),
            ),
            frame(
                "law",
                "lower the voting age to 16 for {0}",
                ("local elections", "all elections", "referendums"),
            ),
            frame(
                "law authorities",
                "[remove|lift] {0} for voters abroad",
                (
                    "the requirement to hold a valid passport",
                    "the requirement of prior consular registration",
                    "the early registration deadline",
                    "the requirement to vote in person",
                    "the requirement to vote only at the mission where they are registered",
                    "the fee for issuing absentee certificates",
                ),
            ),
            frame(
                "law authorities",
                "safeguard the right to vote of {0}",
                (
                    "persons without valid identity documents",
                    "citizens whose passports have expired",
                    "homeless persons",
                    "persons in psychiatric institutions",
                    "internally displaced persons",
                    "persons in social care institutions",
                    "voters living in border areas",
                ),
            ),
            frame(
                "law",
                "allow voters {0}",
                (
                    "to vote with any valid identity document",
                    "abroad to vote at any diplomatic mission",
                    "to change their voting location before election day",
                    "who are in hospital to vote without prior registration",
                    "to vote at a polling station near their temporary residence",
                    "with disabilities to vote at home without a prior request",
                ),
            ),
        ),
    },
    {
        "id": "candidacy",
        "label": "Candidacy",
        "description": "Eligibility to stand for office and the registration of candidates.",
        "weight": 1.0,
        "secondary": ("political-parties", "legal-framework"),
        "references": (
            "paragraph 7.5 of the 1990 OSCE Copenhagen Document",
            "paragraph 15 of General Comment No. 25 of the UN Human Rights Committee",
        ),
        "purposes": (
            "guarantee the right to stand for election without undue restrictions",
            "ensure a genuine choice for voters",
            "align the candidacy rules with the principle of proportionality",
            "foster an inclusive and pluralistic candidate registration process",
        ),
        "frames": (
            frame(
                "law",
                "[remove|abolish] the {0} requirement for candidates in {1}",
                (
                    "ten-year residency",
                    "state-language proficiency",
                    "professional-experience",
                    "higher-education",
                    "party-membership",
                    "military-service",
                    "age",
                    "tax-clearance",
                    "medical-certificate",
                ),
                ("presidential elections", "parliamentary elections", "local elections"),
            ),
            frame(
                "law",
                "allow {0} to stand for election",
                (
                    "independent candidates in all elections",
                    "self-nominated candidates in presidential elections",
                    "citizens with dual citizenship",
                    "persons whose criminal records have been expunged",
                    "public servants without prior resignation",
                    "citizens nominated by initiative groups of voters",
                    "persons in pre-trial detention who have not been convicted",
                    "citizens nominated by civic associations",
                ),
            ),
            frame(
                "law",
                "review the {0} to avoid undue barriers to candidate registration",
                (
                    "signature-collection requirements",
                    "amount of the electoral deposit",
                    "rules on the verification of supporting signatures",
                    "documentation required from candidates",
                    "deadlines for submitting nomination documents",
                    "deadlines for correcting nomination documents",
                    "rules on the format of nomination papers",
                ),
                details=(
                    "the possibility for a voter to sign for more than one candidate",
                    "the refund of deposits to candidates who reach a set share of votes",
                ),
            ),
            frame(
                "law",
                "ensure that {0} can be corrected before a decision on registration",
                (
                    "minor inaccuracies in nomination documents",
                    "technical errors in signature lists",
                    "omissions in asset declarations",
                    "errors in candidates' biographical data",
                    "missing signatures of proxies",
                    "formal errors in bank documents",
                ),
            ),
            frame(
                "law",
                "introduce {0} for the deregistration of candidates",
                (
                    "clear and proportionate grounds",
                    "a prior warning procedure",
                    "an expedited appeal",
                    "a cut-off date before election day",
                    "a requirement of a reasoned decision",
                    "a prohibition on deregistration for minor violations",
                ),
            ),
            frame(
                "cec commissions",
                "verify {0} in a transparent manner in the presence of candidates' representatives",
                (
                    "supporting signatures",
                    "asset and income declarations",
                    "candidates' health certificates",
                    "the language proficiency of candidates",
                    "the identity documents of candidates",
                    "the tax records of candidates",
                ),
            ),
            frame(
                "law",
                "[lift|remove] the [ban|prohibition] on {0}",
                (
                    "the nomination of candidates by electoral blocs",
                    "candidates holding foreign residence permits",
                    "candidates who have previously been dismissed from public office",
                    "candidates standing in more than one constituency",
                    "candidates who have served their sentences",
                    "members of security forces who have resigned",
                ),
            ),
            frame(
                "law",
                "[narrow|limit] the grounds for refusing the registration of {0}",
                (
                    "presidential candidates",
                    "candidate lists of parties",
                    "independent candidates",
                    "candidates in by-elections",
                    "candidates for mayor",
                    "candidates nominated by citizen groups",
                ),
            ),
            frame(
                "law cec",
                "[publish|make available] {0}",
                (
                    "the reasons for each refusal of candidate registration",
                    "the lists of registered candidates together with their biographies",
                    "the results of signature verification for each candidate",
                    "statistics on the outcome of candidate registration",
                    "the decisions on candidate deregistration",
                ),
            ),
        ),
    },
    {
        "id": "political-parties",
        "label": "Political parties",
        "description": (
            "Party registration, party regulation and freedom of association for parties."
        ),
        "weight": 0.9,
        "secondary": ("fundamental-freedoms", "candidacy"),
        "references": (
            "paragraph 7.6 of the 1990 OSCE Copenhagen Document",
            "the 2020 ODIHR and Venice Commission Guidelines on Political Party Regulation",
        ),
        "purposes": (
            "respect the freedom of association",
            "foster political pluralism",
            "ensure that parties can compete on an equal basis",
            "allow new political forces to participate in elections",
        ),
        "frames": (
            frame(
                "law",
                "simplify the requirements for {0}",
                (
                    "the registration of political parties",
                    "the re-registration of existing parties",
                    "the establishment of regional party branches",
                    "changes to party statutes",
                    "the registration of party symbols",
                    "the registration of amendments to party programmes",
                    "the opening of party offices",
                ),
            ),
            frame(
                "law",
                "lower the minimum membership required for {0}",
                (
                    "the registration of a political party",
                    "maintaining party registration",
                    "establishing regional party branches",
                    "the merger of two parties",
                ),
            ),
            frame(
                "law",
                "[narrow|limit] the grounds for {0}",
                (
                    "the denial of party registration",
                    "the suspension of political parties",
                    "the dissolution of political parties",
                    "the deregistration of parties that did not contest elections",
                    "the liquidation of parties on formal grounds",
                    "refusing the registration of party leaders",
                ),
            ),
            frame(
                "law",
                "[lift|remove] the prohibition on {0}",
                (
                    "the formation of electoral blocs",
                    "regional political parties",
                    "parties contesting only local elections",
                    "foreign citizens becoming party members",
                    "membership of public servants in political parties",
                    "parties using religious terms in their names",
                ),
            ),
            frame(
                "authorities",
                "ensure that decisions on {0} are taken within clear deadlines and can be appealed",
                (
                    "party registration",
                    "changes in party leadership",
                    "the registration of party symbols",
                    "the merger of parties",
                    "the transfer of party property",
                ),
            ),
            frame(
                "law",
                "introduce {0}",
                (
                    "a notification-based registration of political parties",
                    "an appeal to court against refusals of party registration",
                    "clear criteria for the use of party names and symbols",
                    "a public register of political parties",
                    "a clear procedure for the merger of parties",
                ),
            ),
            frame(
                "authorities",
                "refrain from {0}",
                (
                    "interfering in the internal affairs of political parties",
                    "using tax inspections to pressure opposition parties",
                    "pressuring party members to leave their parties",
                    "denying opposition parties access to public premises",
                    "opening criminal cases against opposition party leaders",
                    "refusing to rent premises to opposition parties",
                ),
            ),
            frame(
                "law",
                "[ensure|provide for] equal treatment of {0}",
                (
                    "parliamentary and non-parliamentary parties in access to public funding",
                    "new and established parties in the allocation of airtime",
                    "parties and independent candidates",
                    "parties in the allocation of state premises for campaign events",
                    "parties in the composition of election commissions",
                ),
            ),
            frame(
                "authorities",
                "register {0} without undue delay",
                (
                    "new political parties",
                    "changes to the governing bodies of parties",
                    "party branches in the regions",
                    "party coalitions",
                    "changes to party statutes",
                ),
            ),
            frame(
                "law",
                "[abolish|end] {0}",
                (
                    "the requirement for parties to have branches in all regions",
                    "the requirement to re-register parties before each election",
                    "the obligation to submit lists of all party members to the authorities",
                    "the automatic dissolution of parties that miss one election",
                    "the requirement to collect signatures for party registration",
                    "the restriction on parties receiving membership fees in cash",
                ),
            ),
            frame(
                "law",
                "introduce {0} for political parties",
                (
                    "clear rules on internal democracy",
                    "a proportionate sanctions regime",
                    "a transparent procedure for changing party names",
                    "rules on the transparency of party membership",
                    "an annual public reporting obligation",
                ),
            ),
        ),
    },
    {
        "id": "fundamental-freedoms",
        "label": "Fundamental freedoms",
        "description": (
            "The freedoms of assembly, expression and association as exercised around elections."
        ),
        "weight": 1.1,
        "secondary": ("campaign", "media"),
        "references": (
            "paragraphs 9.1 and 9.2 of the 1990 OSCE Copenhagen Document",
            "article 21 of the International Covenant on Civil and Political Rights",
            "article 19 of the International Covenant on Civil and Political Rights",
        ),
        "purposes": (
            "allow a campaign in which fundamental freedoms are fully respected",
            "guarantee that citizens can express their political views without fear",
            "ensure that restrictions are necessary and proportionate",
            "align the legislation with international human rights standards",
        ),
        "frames": (
            frame(
                "law",
                "replace the authorisation regime for {0} with a notification regime",
                (
                    "public assemblies",
                    "spontaneous assemblies",
                    "campaign rallies",
                    "pickets held by single persons",
                    "assemblies held in front of public buildings",
                    "counter-demonstrations",
                ),
            ),
            frame(
                "law authorities",
                "remove undue restrictions on {0}",
                (
                    "the places where assemblies may be held",
                    "the timing of public assemblies",
                    "the number of participants in assemblies",
                    "the organisation of assemblies by non-citizens",
                    "the use of banners and symbols at assemblies",
                    "the use of sound equipment at assemblies",
                    "the duration of public assemblies",
                ),
            ),
            frame(
                "law",
                "decriminalise {0}",
                (
                    "insulting the head of state",
                    "the dissemination of false information",
                    "participation in unauthorised assemblies",
                    "calls to boycott elections",
                    "defamation of public officials",
                    "the display of opposition symbols",
                ),
            ),
            frame(
                "law",
                "narrow the definition of {0} so that it cannot be used against legitimate "
                "political speech",
                (
                    "extremism",
                    "incitement to social discord",
                    "the discrediting of state institutions",
                    "false information",
                    "separatism",
                    "the rehabilitation of past regimes",
                ),
            ),
            frame(
                "authorities",
                "refrain from {0}",
                (
                    "arresting participants of peaceful assemblies",
                    "prosecuting election-related speech",
                    "blocking the websites of civil society organisations",
                    "imposing travel bans on political activists",
                    "detaining journalists covering protests",
                    "dissolving civil society organisations on formal grounds",
                ),
            ),
            frame(
                "law-enforcement",
                "investigate {0} and hold those responsible to account",
                (
                    "allegations of excessive use of force against protesters",
                    "attacks on civil society activists",
                    "reports of surveillance of opposition members",
                    "intimidation of human rights defenders",
                    "interference with the work of trade unions",
                ),
            ),
            frame(
                "law",
                "ease the requirements for {0}",
                (
                    "the registration of non-governmental organisations",
                    "access of civil society to foreign funding",
                    "the activities of unregistered associations",
                    "the registration of public associations",
                    "the reporting obligations of civil society organisations",
                ),
            ),
            frame(
                "authorities",
                "ensure that {0} can operate freely during the electoral period",
                (
                    "civil society organisations",
                    "independent trade unions",
                    "human rights defenders",
                    "opposition youth movements",
                    "independent think tanks",
                    "religious associations",
                ),
            ),
            frame(
                "law",
                "repeal {0}",
                (
                    "the legislation on foreign agents",
                    "the labelling requirement for organisations receiving foreign funding",
                    "criminal liability for organising unregistered associations",
                    "the ban on public gatherings near government buildings",
                    "the criminal liability for insulting the state",
                    "the administrative penalties for unauthorised leafleting",
                ),
            ),
            frame(
                "authorities",
                "release {0}",
                (
                    "persons detained for peaceful political activity",
                    "journalists detained in connection with their work",
                    "activists detained during election-related protests",
                    "bloggers detained for online posts",
                    "candidates detained during the campaign",
                ),
            ),
            frame(
                "law",
                "[limit|restrict] the powers of the authorities to {0}",
                (
                    "disperse peaceful assemblies",
                    "block online content without a court decision",
                    "suspend the activities of associations",
                    "label associations as undesirable organisations",
                    "restrict internet access during protests",
                ),
            ),
        ),
    },
    {
        "id": "campaign",
        "label": "Campaign",
        "description": (
            "The conduct of the campaign, including intimidation, vote buying and pressure "
            "on voters."
        ),
        "weight": 1.0,
        "secondary": ("misuse-of-resources", "fundamental-freedoms"),
        "references": (
            "paragraph 7.7 of the 1990 OSCE Copenhagen Document",
            "paragraph 19 of General Comment No. 25 of the UN Human Rights Committee",
        ),
        "purposes": (
            "allow voters to form their opinions free of undue influence",
            "ensure a campaign environment free of intimidation",
            "guarantee a level playing field for all contestants",
            "protect voters' freedom to choose",
        ),
        "frames": (
            frame(
                "authorities",
                "take effective measures to prevent {0}",
                (
                    "the intimidation of candidates and their supporters",
                    "pressure on public-sector employees to attend campaign events",
                    "vote buying",
                    "the collection of voters' personal data by employers",
                    "threats against voters who support the opposition",
                    "the misuse of personal data for campaign purposes",
                    "the obstruction of campaign events by local authorities",
                ),
            ),
            frame(
                "law-enforcement",
                "investigate all allegations of {0}",
                (
                    "vote buying",
                    "voter intimidation",
                    "coercion of public employees",
                    "the destruction of campaign materials",
                    "violence against campaign staff",
                    "threats against candidates",
                    "the tearing down of campaign posters",
                ),
                details=("the publication of the outcome of investigations",),
            ),
            frame(
                "law",
                "clarify {0}",
                (
                    "the definition of campaigning",
                    "the rules on campaigning before the official campaign period",
                    "the rules on campaigning by third parties",
                    "the rules on the placement of campaign posters",
                    "the rules on campaigning on social networks",
                    "the rules on campaigning by public officials",
                    "the rules on campaign events in public spaces",
                ),
            ),
            frame(
                "law",
                "reconsider {0}",
                (
                    "the length of the campaign silence period",
                    "the ban on publishing opinion polls in the last days before elections",
                    "the prohibition of campaigning in languages other than the state language",
                    "the ban on campaigning by non-citizens",
                    "the requirement for prior approval of campaign materials",
                    "the ban on campaigning in public transport",
                ),
            ),
            frame(
                "authorities",
                "provide equal conditions for {0}",
                (
                    "access to public premises for campaign events",
                    "the allocation of billboard space",
                    "the placement of campaign posters",
                    "access to state-owned venues for rallies",
                    "the use of public squares for campaign events",
                ),
            ),
            frame(
                "law",
                "introduce proportionate sanctions for {0}",
                (
                    "vote buying",
                    "hate speech in the campaign",
                    "the destruction of campaign materials",
                    "the coercion of employees to vote",
                    "the use of public resources to distribute campaign gifts",
                    "campaign-related violence",
                ),
            ),
            frame(
                "parties",
                "refrain from {0}",
                (
                    "inflammatory rhetoric",
                    "hate speech against minorities",
                    "distributing gifts to voters",
                    "involving children in campaign activities",
                    "negative campaigning based on personal attacks",
                    "the use of disinformation",
                ),
            ),
            frame(
                "parties authorities",
                "[sign|adopt] a code of conduct on {0}",
                (
                    "fair campaigning",
                    "the use of social networks in the campaign",
                    "the prevention of violence during the campaign",
                    "the use of personal data in the campaign",
                    "the participation of women in the campaign",
                ),
            ),
            frame(
                "law",
                "[allow|permit] {0}",
                (
                    "campaigning by civil society organisations",
                    "campaigning in all languages",
                    "door-to-door campaigning",
                    "the distribution of campaign materials without prior approval",
                    "campaigning by public associations",
                    "campaigning on election eve by online media",
                ),
            ),
            frame(
                "authorities law-enforcement",
                "[protect|shield] {0} from harassment",
                (
                    "campaign staff and volunteers",
                    "voters attending opposition rallies",
                    "journalists covering the campaign",
                    "civil society activists",
                ),
            ),
            frame(
                "law",
                "[define|regulate] {0}",
                (
                    "the role of opinion polls in the campaign",
                    "the use of artificial intelligence in campaign materials",
                    "campaigning by foreign actors",
                    "the distribution of campaign materials in schools",
                    "the use of campaign materials without an imprint",
                ),
            ),
        ),
    },
    {
        "id": "campaign-finance",
        "label": "Campaign finance",
        "description": (
            "Donations, spending limits, financial reporting and the oversight of campaign funds."
        ),
        "weight": 1.3,
        "secondary": ("misuse-of-resources", "political-parties"),
        "references": (
            "article 7.3 of the UN Convention against Corruption",
            "Recommendation Rec(2003)4 of the Council of Europe Committee of Ministers",
        ),
        "purposes": (
            "enhance the transparency and accountability of campaign finance",
            "allow voters to make an informed choice",
            "prevent undue influence of money on the electoral process",
            "ensure effective oversight of campaign income and expenditure",
        ),
        "frames": (
            frame(
                "law",
                "require {0}",
                (
                    "contestants to submit interim campaign-finance reports before election day",
                    "parties to disclose all donors above a reasonable threshold",
                    "contestants to open dedicated campaign bank accounts",
                    "third parties to report their campaign expenditure",
                    "parties to publish their annual financial statements",
                    "banks to report large transfers to political parties",
                    "contestants to report in-kind donations at market value",
                ),
            ),
            frame(
                "oversight",
                "publish {0}",
                (
                    "the campaign-finance reports of all contestants",
                    "the findings of its audits of party finances",
                    "a database of donations searchable by donor",
                    "the sanctions imposed for violations",
                    "its decisions on campaign-finance complaints",
                    "an annual report on party finances",
                ),
            ),
            frame(
                "law",
                "introduce {0}",
                (
                    "ceilings on campaign expenditure",
                    "limits on individual donations",
                    "a ban on anonymous donations",
                    "a ban on donations from companies holding public contracts",
                    "limits on the use of candidates' own funds",
                    "a ban on donations from foreign sources",
                    "a ban on cash donations above a low threshold",
                    "limits on loans to political parties",
                ),
            ),
            frame(
                "law",
                "provide the oversight body with {0}",
                (
                    "the mandate to audit campaign-finance reports",
                    "sufficient human and financial resources",
                    "the power to impose proportionate sanctions",
                    "access to banking information",
                    "guarantees of independence from political interference",
                    "the authority to investigate on its own initiative",
                    "clear procedures for the verification of reports",
                ),
            ),
            frame(
                "law",
                "regulate {0}",
                (
                    "campaign spending by third parties",
                    "loans to political parties",
                    "in-kind contributions",
                    "donations made through charitable foundations",
                    "online campaign expenditure",
                    "campaign spending before the official campaign period",
                    "membership fees",
                    "donations in the form of services",
                    "spending on social media advertising",
                ),
            ),
            frame(
                "law oversight",
                "standardise {0}",
                (
                    "the format of campaign-finance reports",
                    "the itemisation of expenditure in reports",
                    "the reporting deadlines for all contestants",
                    "the methodology for valuing in-kind contributions",
                ),
            ),
            frame(
                "law",
                "provide {0}",
                (
                    "public funding to parties on equitable criteria",
                    "public funding to independent candidates",
                    "financial incentives for parties nominating women candidates",
                    "public funding for campaign activities between elections",
                    "reimbursement of campaign costs for parties passing a low threshold",
                ),
            ),
            frame(
                "oversight",
                "[audit|verify] {0}",
                (
                    "the campaign-finance reports of all contestants",
                    "the reported expenditure against market prices",
                    "the sources of large donations",
                    "in-kind contributions reported by contestants",
                ),
            ),
            frame(
                "oversight",
                "apply sanctions consistently for {0}",
                (
                    "late submission of reports",
                    "exceeding the spending limits",
                    "accepting prohibited donations",
                    "failure to use a dedicated bank account",
                    "incomplete disclosure of donors",
                ),
            ),
            frame(
                "law",
                "extend the campaign-finance rules to {0}",
                (
                    "candidates in local elections",
                    "referendum campaigns",
                    "the period before the official campaign",
                    "initiative groups nominating candidates",
                    "party-affiliated foundations",
                    "presidential campaigns",
                    "spending by candidates before their registration",
                ),
            ),
        ),
    },
    {
        "id": "misuse-of-resources",
        "label": "Misuse of administrative resources",
        "description": (
            "The use of public resources, public employees and public office for campaign "
            "advantage."
        ),
        "weight": 1.0,
        "secondary": ("campaign", "campaign-finance"),
        "references": (
            "paragraph 5.4 of the 1990 OSCE Copenhagen Document",
            "the 2016 ODIHR and Venice Commission Joint Guidelines for Preventing and "
            "Responding to the Misuse of Administrative Resources during Electoral Processes",
        ),
        "purposes": (
            "ensure a level playing field for all contestants",
            "prevent the blurring of state and party",
            "protect public employees from undue pressure",
            "ensure equal opportunities in the campaign",
        ),
        "frames": (
            frame(
                "law authorities",
                "establish a clear separation between {0}",
                (
                    "the state and political parties",
                    "official functions and campaign activities",
                    "public events and campaign events",
                    "state institutions and the ruling party's campaign",
                ),
            ),
            frame(
                "authorities",
                "prevent the use of {0} for campaign purposes",
                (
                    "public buildings and vehicles",
                    "state-owned media",
                    "public-sector employees during working hours",
                    "state social programmes",
                    "official websites and social media accounts",
                    "state-funded events",
                    "public schools and universities",
                ),
            ),
            frame(
                "law",
                "prohibit {0} during the campaign period",
                (
                    "the announcement of new social benefits",
                    "the inauguration of public works by candidates",
                    "appointments to senior public posts",
                    "wage and pension increases",
                    "the distribution of state-funded gifts",
                    "the mass hiring of temporary public employees",
                ),
            ),
            frame(
                "law",
                "require {0} to take leave during the campaign",
                (
                    "incumbent officials standing as candidates",
                    "heads of local administrations who are candidates",
                    "ministers seeking re-election",
                    "deputy ministers standing as candidates",
                ),
            ),
            frame(
                "law",
                "introduce {0} for the misuse of administrative resources",
                (
                    "an effective complaints mechanism",
                    "dissuasive sanctions",
                    "a clear legal definition",
                    "monitoring by an independent body",
                    "a reporting obligation for state institutions",
                    "clear rules on the use of official communication channels",
                ),
            ),
            frame(
                "authorities",
                "ensure that {0} are not pressured to support the ruling party",
                (
                    "public-sector employees",
                    "students",
                    "employees of state-owned enterprises",
                    "recipients of social assistance",
                    "military personnel",
                    "teachers and medical staff",
                    "employees of municipal companies",
                ),
            ),
            frame(
                "authorities",
                "refrain from {0}",
                (
                    "using official events for campaign purposes",
                    "campaigning while performing official duties",
                    "threatening public employees with dismissal",
                    "organising campaign events during official visits",
                    "using state funds for campaign advertising",
                ),
            ),
            frame(
                "law",
                "[define|clarify] {0}",
                (
                    "what constitutes misuse of administrative resources",
                    "the permitted use of official vehicles by incumbent candidates",
                    "the rules on public-sector employees taking part in campaigns",
                    "the sanctions for pressure on public employees",
                ),
            ),
            frame(
                "authorities law-enforcement",
                "[investigate|examine] {0}",
                (
                    "reports of pressure on public employees",
                    "allegations of misuse of state resources",
                    "the use of social benefits to influence voters",
                    "complaints about campaigning on official websites",
                    "the involvement of local officials in vote collection",
                ),
            ),
            frame(
                "authorities",
                "instruct {0} to remain neutral during the campaign",
                (
                    "heads of public institutions",
                    "local government officials",
                    "school directors",
                    "managers of state-owned enterprises",
                    "university rectors",
                    "police commanders",
                ),
            ),
        ),
    },
    {
        "id": "media",
        "label": "Media",
        "description": (
            "Media freedom, campaign coverage, defamation law and the work of the media regulator."
        ),
        "weight": 1.2,
        "secondary": ("fundamental-freedoms", "campaign"),
        "references": (
            "paragraph 7.8 of the 1990 OSCE Copenhagen Document",
            "paragraph 9.1 of the 1990 OSCE Copenhagen Document",
            "General Comment No. 34 of the UN Human Rights Committee",
        ),
        "purposes": (
            "allow voters to receive diverse and impartial information",
            "safeguard media freedom during elections",
            "ensure balanced campaign coverage",
            "prevent self-censorship among journalists",
        ),
        "frames": (
            frame(
                "law",
                "decriminalise {0}",
                (
                    "defamation",
                    "insult",
                    "the dissemination of false information about candidates",
                    "the publication of false information about public officials",
                ),
            ),
            frame(
                "law",
                "guarantee the independence of {0}",
                (
                    "the media regulator",
                    "the public service broadcaster",
                    "the supervisory board of the public broadcaster",
                    "the news agency owned by the state",
                    "the body that appoints the regulator's members",
                ),
                details=("transparent appointment procedures", "secure funding"),
            ),
            frame(
                "regulator",
                "monitor {0}",
                (
                    "campaign coverage by all broadcasters",
                    "online media during the campaign",
                    "compliance of private broadcasters with the equal-access rules",
                    "coverage of contestants on the public broadcaster",
                    "the publication of opinion polls by the media",
                ),
            ),
            frame(
                "broadcasters",
                "provide {0}",
                (
                    "free airtime to all contestants on an equal basis",
                    "balanced and impartial news coverage of the campaign",
                    "debates between contestants",
                    "voter information in minority languages",
                    "regional campaign programmes",
                    "campaign information for first-time voters",
                ),
            ),
            frame(
                "regulator",
                "address {0} consistently and within short deadlines",
                (
                    "complaints about biased campaign coverage",
                    "violations of the rules on paid political advertising",
                    "hidden political advertising",
                    "complaints about the denial of free airtime",
                    "violations of the campaign silence",
                ),
            ),
            frame(
                "law",
                "limit {0}",
                (
                    "the amount of damages in defamation cases",
                    "the concentration of media ownership",
                    "the share of state advertising allocated to affiliated media",
                    "the liability of journalists for reproducing statements of candidates",
                    "the amount of state funding for affiliated media",
                ),
            ),
            frame(
                "law authorities",
                "ensure transparency of {0}",
                (
                    "media ownership",
                    "the allocation of state advertising to the media",
                    "the financing of the public broadcaster",
                    "the licensing of broadcasters",
                    "the funding of online media by political actors",
                    "the decisions of the media regulator",
                ),
            ),
            frame(
                "authorities",
                "refrain from {0}",
                (
                    "pressuring journalists",
                    "blocking online news outlets",
                    "using tax audits against independent media",
                    "denying accreditation to foreign journalists",
                    "favouring affiliated media in the allocation of interviews",
                    "initiating inspections of critical media outlets",
                ),
            ),
            frame(
                "law regulator",
                "regulate {0}",
                (
                    "paid political advertising",
                    "political advertising online",
                    "the coverage of incumbents' official activities during the campaign",
                    "political advertising in outdoor media",
                    "the broadcasting of campaign events as news",
                ),
            ),
            frame(
                "broadcasters",
                "[distinguish|separate] clearly between {0}",
                (
                    "news coverage and paid political advertising",
                    "the official activities of incumbents and their campaigns",
                    "editorial content and sponsored content",
                    "campaign coverage and coverage of state officials",
                ),
            ),
            frame(
                "law",
                "ensure that {0}",
                (
                    "free airtime is allocated by lot",
                    "paid airtime is offered to all contestants on equal terms",
                    "the rules on campaign coverage also apply to online media",
                    "the regulator's decisions can be appealed in court",
                    "media monitoring results are published during the campaign",
                ),
            ),
            frame(
                "authorities law-enforcement",
                "[investigate|examine] {0}",
                (
                    "attacks on journalists",
                    "threats against media outlets",
                    "cases of obstruction of journalists' work",
                    "the unlawful surveillance of journalists",
                    "the confiscation of journalists' equipment",
                ),
            ),
            frame(
                "regulator",
                "[adopt|issue] {0}",
                (
                    "clear guidelines on campaign coverage",
                    "regular reports on its media monitoring during the campaign",
                    "reasoned decisions on all campaign-related complaints",
                    "a methodology for media monitoring",
                    "a code of conduct for campaign coverage",
                ),
            ),
        ),
    },
    {
        "id": "complaints-and-appeals",
        "label": "Complaints and appeals",
        "description": "The resolution of electoral disputes by election commissions and courts.",
        "weight": 1.1,
        "secondary": ("election-administration", "legal-framework"),
        "references": (
            "paragraph 5.10 of the 1990 OSCE Copenhagen Document",
            "section II.3.3 of the Venice Commission's Code of Good Practice in Electoral Matters",
        ),
        "purposes": (
            "provide for effective legal remedy",
            "ensure that electoral disputes are resolved impartially and within short deadlines",
            "strengthen public confidence in the dispute resolution process",
            "guarantee the right to an effective remedy",
        ),
        "frames": (
            frame(
                "law",
                "grant the right to file complaints against decisions of election commissions "
                "to {0}",
                (
                    "all voters",
                    "citizen observers",
                    "candidates' proxies",
                    "civil society organisations",
                    "media outlets",
                    "international observers",
                ),
            ),
            frame(
                "law",
                "establish {0} for the adjudication of election disputes",
                (
                    "clear jurisdiction",
                    "expedited deadlines",
                    "a single appeals instance for results",
                    "public hearings",
                    "a specialised electoral chamber",
                    "a clear procedure for admitting evidence",
                ),
            ),
            frame(
                "courts commissions",
                "consider {0} on their merits",
                (
                    "all election-related complaints",
                    "complaints about campaign violations",
                    "appeals against the results of elections",
                    "complaints about misuse of administrative resources",
                    "complaints about the voter lists",
                ),
                details=("those submitted by observers",),
            ),
            frame(
                "cec",
                "maintain {0}",
                (
                    "a public register of all complaints and appeals",
                    "records of the reasoning for decisions on complaints",
                    "a database of court decisions on election disputes",
                    "statistics on the outcome of complaints",
                    "an online system for submitting complaints",
                ),
            ),
            frame(
                "law",
                "ensure that {0} can be challenged in court",
                (
                    "decisions of the Central Election Commission",
                    "the final election results",
                    "decisions on the accreditation of observers",
                    "decisions not to conduct recounts",
                    "decisions of lower-level commissions on complaints",
                    "refusals to register complaints",
                ),
            ),
            frame(
                "law",
                "clarify {0}",
                (
                    "the grounds for invalidating election results",
                    "the procedure for requesting recounts",
                    "the division of competence between courts and commissions",
                    "the standard of evidence in election disputes",
                    "the status of complaints submitted on election day",
                    "the consequences of a successful appeal",
                ),
            ),
            frame(
                "courts",
                "publish {0}",
                (
                    "all decisions on election disputes",
                    "reasoned judgments in election cases",
                    "statistics on election-related cases",
                    "summaries of decisions in election cases",
                ),
            ),
            frame(
                "law",
                "extend the deadline for {0}",
                (
                    "filing election complaints",
                    "appealing decisions of election commissions to court",
                    "challenging the results of elections",
                    "appeals against the refusal of candidate registration",
                ),
            ),
            frame(
                "cec commissions",
                "[handle|process] {0} in a transparent manner",
                (
                    "complaints received on election day",
                    "complaints about candidate registration",
                    "requests for recounts",
                    "complaints about voter lists",
                    "complaints about media coverage",
                ),
            ),
            frame(
                "law",
                "[shorten|reduce] the deadlines for {0}",
                (
                    "deciding on complaints",
                    "appeals against decisions on candidate registration",
                    "considering disputes over results",
                    "appeals against the final results",
                ),
            ),
            frame(
                "law",
                "[remove|abolish] {0}",
                (
                    "the requirement to exhaust administrative remedies before going to court",
                    "court fees for election complaints",
                    "the rule that only contestants may challenge results",
                    "the obligation to pay a deposit for filing complaints",
                ),
            ),
            frame(
                "courts",
                "hold {0}",
                (
                    "public hearings in election cases",
                    "hearings with both parties present",
                    "hearings within the legal deadlines",
                    "hearings that allow observers to attend",
                ),
            ),
        ),
    },
    {
        "id": "election-observation",
        "label": "Election observation",
        "description": "The rights and access of citizen and international observers.",
        "weight": 0.8,
        "secondary": ("election-administration", "fundamental-freedoms"),
        "references": (
            "paragraph 8 of the 1990 OSCE Copenhagen Document",
            "the 2012 Declaration of Global Principles for Non-Partisan Election Observation",
        ),
        "purposes": (
            "enhance the transparency of the electoral process",
            "respect the OSCE commitment to election observation",
            "allow civil society to contribute to public confidence in elections",
            "ensure that observers can follow all stages of the process",
        ),
        "frames": (
            frame(
                "law",
                "provide for {0}",
                (
                    "citizen observation by civil society organisations",
                    "international observation at all stages of the elections",
                    "observation of the work of all levels of commissions",
                    "observation of the verification of signatures",
                    "observation of electronic voting and counting",
                    "observation of early voting",
                ),
            ),
            frame(
                "cec law",
                "[remove|lift] {0} for citizen observers",
                (
                    "the limit on the number of observers per polling station",
                    "the requirement to register in advance with each precinct commission",
                    "the restriction on photographing results protocols",
                    "the requirement to be nominated by a registered organisation",
                    "the ban on observers staying in polling stations during the count",
                    "the requirement to present a letter of assignment",
                ),
            ),
            frame(
                "authorities",
                "refrain from {0}",
                (
                    "harassing citizen observer groups",
                    "restricting observer organisations through registration requirements",
                    "labelling observer groups as foreign agents",
                    "intimidating individual observers",
                    "auditing the finances of observer organisations during elections",
                ),
            ),
            frame(
                "cec commissions",
                "ensure that observers [receive|are given] {0}",
                (
                    "copies of results protocols",
                    "access to all stages of counting",
                    "access to the tabulation process",
                    "timely accreditation",
                    "access to polling stations abroad",
                    "access to the sessions of the Central Election Commission",
                ),
            ),
            frame(
                "law",
                "extend the deadline for the accreditation of {0}",
                (
                    "citizen observers",
                    "international observers",
                    "party agents",
                    "media representatives",
                ),
            ),
            frame(
                "cec",
                "accredit {0}",
                (
                    "citizen observer organisations without undue delay",
                    "international observers on a non-discriminatory basis",
                    "observers for the entire electoral period",
                    "observers nominated by candidates",
                ),
            ),
            frame(
                "law",
                "[allow|permit] observers to {0}",
                (
                    "photograph results protocols",
                    "observe the work of the election administration between elections",
                    "receive copies of all decisions of commissions",
                    "move freely between polling stations",
                    "use mobile phones in polling stations",
                    "accompany mobile ballot boxes",
                ),
            ),
            frame(
                "cec commissions",
                "[consider|address] {0}",
                (
                    "the findings of citizen observers",
                    "complaints submitted by observers",
                    "the reports of international observers",
                    "the statements of party observers",
                ),
            ),
            frame(
                "authorities",
                "invite {0}",
                (
                    "international observers for all elections",
                    "observers from all OSCE participating States",
                    "observers for referendums",
                    "parliamentary observers from other countries",
                ),
            ),
        ),
    },
    {
        "id": "election-day",
        "label": "Election day",
        "description": "Voting, counting and tabulation procedures and their integrity.",
        "weight": 1.2,
        "secondary": ("election-administration", "results"),
        "references": (
            "paragraph 7.4 of the 1990 OSCE Copenhagen Document",
            "paragraph 20 of General Comment No. 25 of the UN Human Rights Committee",
        ),
        "purposes": (
            "safeguard the integrity of voting and counting",
            "ensure that votes are counted and reported honestly",
            "protect the secrecy of the vote",
            "enhance public confidence in election-day procedures",
        ),
        "frames": (
            frame(
                "cec commissions",
                "take measures to prevent {0}",
                (
                    "ballot box stuffing",
                    "multiple voting",
                    "group voting",
                    "proxy voting",
                    "the photographing of marked ballots",
                    "the presence of unauthorised persons in polling stations",
                    "carousel voting",
                    "family voting",
                    "pressure on voters near polling stations",
                ),
            ),
            frame(
                "cec commissions",
                "ensure that {0} are consistently followed",
                (
                    "the procedures for checking voters' identity",
                    "the procedures for mobile voting",
                    "the counting procedures",
                    "the procedures for sealing ballot boxes",
                    "the procedures for inking voters' fingers",
                    "the procedures for invalidating unused ballots",
                    "the procedures for the reconciliation of ballots",
                    "the procedures for voting by voters with disabilities",
                ),
                details=("through training and clear instructions",),
            ),
            frame(
                "law cec",
                "introduce {0}",
                (
                    "transparent ballot boxes",
                    "voting booths that guarantee the secrecy of the vote",
                    "tamper-evident bags for sensitive election materials",
                    "a reconciliation of ballots before the count starts",
                    "serial numbers on ballot counterfoils",
                    "ballot papers printed with security features",
                ),
            ),
            frame(
                "cec commissions",
                "ensure respect for {0}",
                (
                    "the secrecy of the vote",
                    "the right of observers to follow the count",
                    "the sequence of counting steps prescribed by law",
                    "the limit on the number of voters per polling station",
                    "the right of voters to mark their ballots alone",
                ),
            ),
            frame(
                "law cec",
                "review the procedures for {0}",
                (
                    "mobile voting",
                    "voting by prisoners",
                    "voting in hospitals",
                    "voting at polling stations abroad",
                    "the invalidation of ballots",
                    "the determination of voter intent",
                    "voting with absentee certificates",
                    "early voting",
                ),
            ),
            frame(
                "authorities commissions",
                "ensure that {0} are not present in polling stations unless invited",
                (
                    "police officers",
                    "local officials",
                    "employers' representatives",
                    "private security staff",
                    "video camera operators",
                    "representatives of the local administration",
                ),
            ),
            frame(
                "cec",
                "[improve|revise] {0}",
                (
                    "the design of ballots",
                    "the layout of polling stations",
                    "the procedures for handling spoilt ballots",
                    "the security of ballot storage between voting days",
                    "the instructions printed on ballots",
                    "the marking of ballots by illiterate voters",
                ),
            ),
            frame(
                "law cec",
                "[limit|restrict] {0}",
                (
                    "the use of mobile ballot boxes",
                    "the number of voters added on election day",
                    "early voting to justified cases",
                    "the number of voters assigned to one polling station",
                    "the issuing of absentee certificates",
                    "voting by assisted voters",
                ),
            ),
            frame(
                "cec",
                "provide {0} for each polling station",
                (
                    "sufficient voting booths",
                    "adequate lighting and space",
                    "a sufficient number of trained members",
                    "ballot boxes of an adequate size",
                    "signage in minority languages",
                ),
            ),
        ),
    },
    {
        "id": "results",
        "label": "Results",
        "description": (
            "The transparency of tabulation and the publication of results at every level."
        ),
        "weight": 1.0,
        "secondary": ("election-day", "complaints-and-appeals"),
        "references": ("paragraph 7.4 of the 1990 OSCE Copenhagen Document",),
        "purposes": (
            "enhance the transparency of the tabulation process",
            "allow the public to verify the results",
            "strengthen public confidence in the integrity of the results",
            "ensure the accountability of the election administration",
        ),
        "frames": (
            frame(
                "cec",
                "publish {0}",
                (
                    "preliminary results by polling station",
                    "final results broken down by polling station",
                    "the results protocols of all precinct commissions",
                    "the number of invalid ballots per polling station",
                    "detailed turnout data during election day",
                    "the results of recounts",
                    "the number of voters added to supplementary lists",
                    "the complete data on votes cast abroad",
                ),
                details=("in an open, machine-readable format",),
            ),
            frame(
                "law",
                "establish {0} for the tabulation of results",
                (
                    "clear procedures",
                    "a transparent electronic system",
                    "binding deadlines",
                    "public access",
                    "an audit trail",
                    "sufficient staffing",
                ),
            ),
            frame(
                "law",
                "[define|set out] {0}",
                (
                    "the grounds for recounts",
                    "the procedure for correcting results protocols",
                    "the grounds for invalidating results in a polling station",
                    "the timeline for announcing final results",
                    "the procedure for transferring protocols to higher-level commissions",
                    "the conditions for annulling results at the district level",
                ),
            ),
            frame(
                "cec commissions",
                "ensure that {0} are made available to observers and party agents",
                (
                    "copies of results protocols",
                    "tabulation data at the district level",
                    "the results entered into the electronic system",
                    "the turnout figures transmitted during election day",
                ),
            ),
            frame(
                "law cec",
                "introduce {0}",
                (
                    "mandatory recounts where the margin is small",
                    "audits of a sample of polling stations",
                    "the independent verification of the electronic tabulation",
                    "safeguards against the alteration of protocols",
                    "a statistical audit of results",
                    "a requirement to re-enter protocols with errors twice",
                ),
            ),
            frame(
                "cec",
                "explain {0}",
                (
                    "discrepancies between preliminary and final results",
                    "the annulment of results in polling stations",
                    "corrections made to results protocols",
                    "delays in the publication of results",
                    "changes to turnout figures after the close of polls",
                ),
            ),
            frame(
                "law",
                "[require|oblige] {0}",
                (
                    "precinct commissions to post copies of protocols at polling stations",
                    "district commissions to publish aggregated protocols",
                    "the Central Election Commission to publish results within set deadlines",
                    "commissions to sign protocols only after the count is completed",
                ),
            ),
            frame(
                "cec",
                "[retain|keep] {0}",
                (
                    "all election materials until disputes are resolved",
                    "the original results protocols in a secure archive",
                    "the logs of the electronic results system",
                    "the summary tables of district commissions",
                ),
            ),
            frame(
                "cec commissions",
                "[conduct|carry out] recounts {0}",
                (
                    "in an open session",
                    "in the presence of contestants' representatives",
                    "in accordance with clear written procedures",
                    "with the participation of observers",
                    "only by decision of the competent commission",
                ),
            ),
        ),
    },
    {
        "id": "participation-of-women",
        "label": "Participation of women",
        "description": (
            "Women as voters, candidates, elected representatives and election officials."
        ),
        "weight": 0.8,
        "secondary": ("candidacy", "political-parties"),
        "references": (
            "article 7 of the Convention on the Elimination of All Forms of Discrimination "
            "against Women",
            "OSCE Ministerial Council Decision No. 7/09 on Women's Participation in Political "
            "and Public Life",
        ),
        "purposes": (
            "promote the equal participation of women in political life",
            "increase the representation of women in elected bodies",
            "address the under-representation of women in public life",
            "ensure gender equality in the electoral process",
        ),
        "frames": (
            frame(
                "law",
                "introduce {0}",
                (
                    "a gender quota of at least 40 per cent on candidate lists",
                    "a placement rule alternating women and men on candidate lists",
                    "sanctions for non-compliance with the gender quota",
                    "a requirement to replace women who leave office with women",
                    "a requirement that at least one third of commission members be women",
                ),
            ),
            frame(
                "parties",
                "promote {0}",
                (
                    "women candidates in winnable positions",
                    "women to leadership positions within parties",
                    "the inclusion of gender issues in party programmes",
                    "women candidates in local elections",
                ),
            ),
            frame(
                "cec",
                "publish {0}",
                (
                    "sex-disaggregated data on voter turnout",
                    "sex-disaggregated data on candidates",
                    "data on the gender composition of election commissions",
                    "sex-disaggregated data on elected officials",
                ),
            ),
            frame(
                "authorities",
                "take measures to address {0}",
                (
                    "violence against women in politics",
                    "gender stereotypes in campaign coverage",
                    "family voting",
                    "online harassment of women candidates",
                    "the under-representation of women among election officials",
                    "barriers faced by women from rural areas",
                ),
            ),
            frame(
                "law cec",
                "ensure {0}",
                (
                    "gender balance in the leadership of election commissions",
                    "the equal representation of women in election commissions at all levels",
                    "women's equal access to media coverage",
                    "women's equal access to campaign funding",
                ),
            ),
            frame(
                "parties",
                "adopt {0}",
                (
                    "internal quotas for women in party bodies",
                    "programmes to support women candidates in their campaigns",
                    "policies against sexism in party activities",
                    "mentoring programmes for young women candidates",
                ),
            ),
            frame(
                "authorities",
                "[support|fund] {0}",
                (
                    "training programmes for women candidates",
                    "awareness campaigns on women's political participation",
                    "research on the barriers faced by women candidates",
                    "networks of women elected officials",
                ),
            ),
            frame(
                "law",
                "[extend|apply] the gender quota to {0}",
                (
                    "local elections",
                    "single-member constituencies",
                    "the composition of election commissions",
                    "party executive bodies",
                    "party lists for regional assemblies",
                ),
            ),
        ),
    },
    {
        "id": "national-minorities",
        "label": "National minorities",
        "description": (
            "The participation of national minorities, including the use of minority languages."
        ),
        "weight": 0.7,
        "secondary": ("voting-rights", "campaign"),
        "references": (
            "paragraph 35 of the 1990 OSCE Copenhagen Document",
            "the 1999 OSCE HCNM Lund Recommendations on the Effective Participation of "
            "National Minorities in Public Life",
        ),
        "purposes": (
            "facilitate the participation of national minorities in elections",
            "ensure that minority voters can make an informed choice",
            "promote the effective participation of national minorities in public life",
        ),
        "frames": (
            frame(
                "law cec",
                "provide for {0} in minority languages",
                (
                    "ballots",
                    "voter information",
                    "campaign materials",
                    "election administration materials",
                    "training of commission members",
                    "candidate lists",
                    "results protocols",
                ),
            ),
            frame(
                "law",
                "lower the registration requirements for {0}",
                (
                    "parties representing national minorities",
                    "minority candidates in local elections",
                    "minority parties in local elections",
                ),
            ),
            frame(
                "cec authorities",
                "conduct voter education {0}",
                (
                    "in minority languages",
                    "in Roma communities",
                    "in areas with low turnout among minorities",
                    "in regions with compactly settled minorities",
                ),
            ),
            frame(
                "law",
                "[lift|remove] the ban on {0}",
                (
                    "campaigning in minority languages",
                    "the use of minority languages in election materials",
                    "the participation of minority parties in elections",
                ),
            ),
            frame(
                "authorities",
                "address {0}",
                (
                    "the disenfranchisement of Roma without identity documents",
                    "the lack of minority representation in election commissions",
                    "pressure on minority voters",
                    "the low registration of minority voters",
                    "discriminatory rhetoric against minorities",
                ),
            ),
            frame(
                "law authorities",
                "[ensure|guarantee] {0}",
                (
                    "the representation of national minorities in election commissions",
                    "that minority voters can obtain identity documents free of charge",
                    "the effective participation of national minorities in decision-making",
                    "access for minority voters to information in their language",
                ),
            ),
            frame(
                "authorities",
                "[facilitate|support] {0}",
                (
                    "the registration of minority voters",
                    "the participation of minority women as candidates",
                    "the training of minority representatives as election officials",
                    "the establishment of minority advisory bodies on elections",
                ),
            ),
            frame(
                "law",
                "[reserve|guarantee] seats for national minorities in {0}",
                (
                    "parliament",
                    "local councils",
                    "regional assemblies",
                    "municipal councils with a significant minority population",
                ),
            ),
        ),
    },
    {
        "id": "persons-with-disabilities",
        "label": "Persons with disabilities",
        "description": (
            "Accessibility of the process and the participation of persons with disabilities."
        ),
        "weight": 0.7,
        "secondary": ("voting-rights", "election-day"),
        "references": (
            "article 29 of the UN Convention on the Rights of Persons with Disabilities",
        ),
        "purposes": (
            "allow persons with disabilities to vote independently and in secret",
            "facilitate the participation of persons with disabilities on an equal basis",
            "ensure the accessibility of the electoral process",
        ),
        "frames": (
            frame(
                "authorities cec",
                "ensure that {0} are accessible to persons with disabilities",
                (
                    "polling stations",
                    "the premises of election commissions",
                    "campaign events",
                    "the websites of election bodies",
                    "voter information materials",
                    "ballot boxes",
                    "transport to polling stations",
                ),
            ),
            frame(
                "cec",
                "provide {0}",
                (
                    "tactile ballot guides for blind voters",
                    "voter information in easy-to-read formats",
                    "sign-language interpretation of televised debates",
                    "magnifying glasses in polling stations",
                    "audio versions of voter information",
                    "accessible voting booths",
                ),
            ),
            frame(
                "law",
                "allow {0}",
                (
                    "voters with disabilities to choose the person assisting them",
                    "mobile voting for voters with disabilities on request",
                    "postal voting for voters with limited mobility",
                    "persons with disabilities to serve as election officials",
                ),
            ),
            frame(
                "cec",
                "collect data on {0}",
                (
                    "the accessibility of polling stations",
                    "the number of voters requiring assistance",
                    "the obstacles faced by voters with disabilities",
                ),
            ),
            frame(
                "law",
                "[remove|lift] {0}",
                (
                    "the requirement for assisted voters to be accompanied by commission members",
                    "the restriction on voters with disabilities standing as candidates",
                    "the requirement of a medical certificate for mobile voting",
                    "the ban on persons under guardianship serving on commissions",
                ),
            ),
            frame(
                "cec commissions",
                "train {0} on the rights of voters with disabilities",
                (
                    "members of precinct commissions",
                    "staff of the election administration",
                    "police officers on duty at polling stations",
                    "staff of residential care institutions",
                ),
            ),
            frame(
                "authorities cec",
                "[consult|involve] {0} on the accessibility of elections",
                (
                    "organisations of persons with disabilities",
                    "the national ombudsperson",
                    "associations of deaf and blind persons",
                    "the relevant ministries",
                ),
            ),
        ),
    },
    {
        "id": "new-technologies",
        "label": "New technologies",
        "description": (
            "Electronic voting and counting, video surveillance and online election services."
        ),
        "weight": 0.6,
        "secondary": ("election-day", "results"),
        "references": (
            "Recommendation CM/Rec(2017)5 of the Council of Europe Committee of Ministers on "
            "standards for e-voting",
        ),
        "purposes": (
            "enhance public confidence in the technologies used",
            "ensure the security and verifiability of electronic systems",
            "protect the secrecy of the vote and the integrity of results",
        ),
        "frames": (
            frame(
                "law",
                "regulate {0} in law",
                (
                    "the use of electronic voting machines",
                    "the use of biometric voter identification",
                    "internet voting",
                    "the electronic transmission of results",
                    "the use of video cameras in polling stations",
                    "the use of electronic signatures in candidate registration",
                ),
            ),
            frame(
                "cec",
                "conduct {0} of the electronic systems used in elections",
                (
                    "an independent certification",
                    "a public security audit",
                    "a pilot test",
                    "a post-election audit",
                    "a risk assessment",
                    "an end-to-end verification",
                ),
            ),
            frame(
                "cec",
                "publish {0}",
                (
                    "the source code of election software",
                    "the results of audits of electronic systems",
                    "the technical specifications of voting equipment",
                    "the logs of electronic systems",
                    "the procurement documents for voting technologies",
                ),
            ),
            frame(
                "authorities cec",
                "ensure {0}",
                (
                    "the protection of voters' personal data in online services",
                    "a paper trail for electronic votes",
                    "contingency plans for the failure of electronic equipment",
                    "the ability of observers to verify electronic processes",
                ),
            ),
            frame(
                "law",
                "introduce {0}",
                (
                    "an independent body to certify voting technologies",
                    "rules on the observation of electronic systems",
                    "a legal basis for online candidate registration",
                    "rules on the retention of electronic records",
                ),
            ),
            frame(
                "cec",
                "[test|pilot] {0} before their use in elections",
                (
                    "electronic voting machines",
                    "biometric identification devices",
                    "new results-management systems",
                    "online services for voters",
                    "electronic pollbooks",
                ),
            ),
            frame(
                "authorities cec",
                "[protect|secure] {0} against cyber-attacks",
                (
                    "the central voter register",
                    "the results-management system",
                    "the website of the Central Election Commission",
                    "the online services for voters",
                ),
            ),
        ),
    },
)
