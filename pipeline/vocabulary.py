"""The generic English and diplomatic vocabulary the encoder relies on, kept in one place.

Nothing here names a person, a place or a document: only titles and ranks, reporting verbs,
classification markings and the like, which hold for any FRUS-style record.  Extend these
sets (rather than adding words in the code) when a new kind of document needs them.
"""

from __future__ import annotations

__all__ = [
    "CLASSIFICATION_WORDS",
    "COMMON_WORDS",
    "COMPLIMENTARY_CLOSES",
    "INSTITUTION_WORDS",
    "NAME_SUFFIXES",
    "NARRATIVE_EVENTS",
    "NARRATIVE_SUBJECTS",
    "NICKNAMES",
    "PRONOUNS",
    "SALUTATION_WORDS",
    "SPEECH_VERBS",
    "TITLE_WORDS",
]

#: Words that make up titles, ranks and offices in a participants list ("Deputy FM",
#: "S/P Director", "Minister-Counselor", "SOV Dep Dir").  Compared case-sensitively after
#: stripping a trailing period; all-capital abbreviations (FM, DAS, DCM, ASD) count as titles
#: without being listed.
TITLE_WORDS = frozenset("""
    The the Mr Mrs Ms Dr Sir Lord Lady Dame Madame Monsieur Herr Frau Prof Professor
    President Vice Premier Prime Chancellor Chairman Chairwoman Chair General Secretary
    Minister Ministers Deputy Dep Assistant Acting Under Undersecretary Counselor Counsellor
    Minister-Counselor Ambassador Amb Ambassador-at-Large Envoy Special Chargé Charge
    d’Affaires d'Affaires Consul Consul-General Attaché Attache First Second Third Senior
    Director Dir Head Chief Staff Officer Desk Executive Political Economic Military Naval
    Defense Legal Adviser Advisor Advisers Spokesman Press Foreign Affairs Affairs
    ForMin FonMin Min Sec Secy Gen Adm Admiral Colonel Col Lieutenant Lt Maj Captain
    Capt Commander Cdr Marshal Senator Sen Representative Rep Congressman Governor Gov
    Judge Interpreter Notetaker Prince Princess Sheikh Emir
    of for and to the National Security State Defense Council Embassy Mission Delegation
    Delegate Member Members Officer-in-Charge Coordinator Negotiator Representative
""".split())

#: Verbs that report speech, thought or a turn in a conversation ("X replied that …").
SPEECH_VERBS = frozenset("""
    said says say replied replies answered answers asked asks indicated indicates noted notes
    thanked thanks continued continues added adds agreed agrees interjected interjects
    quipped remarked remarks concluded concludes recalled recalls suggested suggests repeated
    repeats thought thinks explained explains stated states observed observes responded
    responds commented comments emphasized emphasised stressed stresses pointed proposed
    proposes welcomed welcomes realized realised declared declares urged urges insisted
    insists reiterated reiterates acknowledged acknowledges wondered wonders inquired
    enquired expressed expresses described describes argued argues claimed claims opened
    opens countered counters rejoined retorted summarized summarised
    underscored underlined mentioned mentions confirmed confirms assured assures promised
    promises warned warns hoped hopes believed believes felt feels understood conveyed
    raised raises told tells informed informs reported reports affirmed maintained
    objected objects cautioned pressed requested requests invited invites offered offers
    wished wishes stressed reviewed explained closed ended interrupted intervened
""".split())

#: Pronouns that continue the previous speaker at the start of a paragraph.
PRONOUNS = frozenset({"He", "She", "They"})

#: Subjects that open a narrative paragraph (one that reports no one's words).
NARRATIVE_SUBJECTS = frozenset("""
    meeting meetings group groups discussion discussions session sessions talks conversation
    lunch dinner luncheon break visit delegation delegations sides parties participants
    conference call
""".split())

#: Security classifications and handling caveats that open the classification sentence of a
#: FRUS source note ("Secret; Sensitive.", "Confidential; Immediate; Nodis.").
CLASSIFICATION_WORDS = (
    "Top Secret", "Secret", "Confidential", "Unclassified", "Limited Official Use",
    "Official Use Only", "Restricted", "No classification marking",
)

#: How a letter's salutation opens ("Dear Mr. President:", "My dear Colleague,", "Sir:").
SALUTATION_WORDS = ("Dear", "My dear", "My Dear", "Sir", "Madam", "Dear Sir", "Gentlemen",
                    "Excellency", "Your Excellency", "Mr. President", "Madam President")

#: Complimentary closes of a letter ("Sincerely,", "Respectfully yours,"), compared without the
#: final comma or period and without case.
COMPLIMENTARY_CLOSES = frozenset(close.strip() for close in """
    sincerely|sincerely yours|yours sincerely|yours very sincerely|very sincerely yours|
    respectfully|respectfully yours|yours respectfully|very respectfully|
    yours truly|very truly yours|truly yours|yours faithfully|faithfully yours|faithfully|
    cordially|cordially yours|yours cordially|with best regards|best regards|warm regards|
    warmest regards|kind regards|with best wishes|best wishes|with warm personal regards|
    with warmest personal regards|with my best wishes|with kindest regards|kindest regards|
    yours ever|ever yours|as ever|affectionately|with respect|regards
""".split("|")) - {""}

#: What happens in a meeting without anyone's words: a paragraph naming no one that reports
#: one of these ("Lunch was served.", "The party moved to the study at 1:30 p.m.", "At this
#: point photographers were admitted.") is narrative, not the previous speaker going on.
NARRATIVE_EVENTS = (
    "was served", "were served", "adjourned", "recessed", "resumed", "moved to", "moved into",
    "moved on to", "were admitted", "was admitted", "withdrew", "left the room",
    "entered the room", "joined the meeting", "joined the group", "joined the conversation",
    "took a break", "broke for", "ended at", "began at", "concluded at", "ended with",
    "departed", "were taken", "posed for", "exchanged gifts", "exchanged toasts",
)


#: What may follow the forenames in a list of persons ("Smith, John F., Jr.").
NAME_SUFFIXES = frozenset("Jr Sr II III IV V".split())

#: Familiar forms of English forenames, as memoranda write them ("Nick Smith" for
#: "Smith, Nicholas"; "Bill Jones" for "Jones, William T.").
NICKNAMES: dict[str, tuple[str, ...]] = {
    "Abraham": ("Abe",), "Albert": ("Al", "Bert"), "Alexander": ("Alex", "Al"),
    "Alfred": ("Al", "Fred"), "Andrew": ("Andy", "Drew"), "Anthony": ("Tony",),
    "Arthur": ("Art",), "Barbara": ("Barb",), "Benjamin": ("Ben",), "Bernard": ("Bernie",),
    "Charles": ("Charlie", "Chuck"), "Christopher": ("Chris",), "Daniel": ("Dan", "Danny"),
    "David": ("Dave",), "Donald": ("Don",), "Douglas": ("Doug",), "Edward": ("Ed", "Ted"),
    "Elizabeth": ("Liz", "Betty", "Beth"), "Eugene": ("Gene",), "Frances": ("Fran",),
    "Francis": ("Frank",), "Frank": ("Frank",), "Frederick": ("Fred",), "Gerald": ("Jerry",),
    "Gregory": ("Greg",), "Harold": ("Hal",), "Henry": ("Hank", "Harry"),
    "Herbert": ("Herb",), "Howard": ("Howie",), "Jacob": ("Jake",), "James": ("Jim", "Jimmy"),
    "Jeffrey": ("Jeff",), "John": ("Jack", "Johnny"), "Jonathan": ("Jon",),
    "Joseph": ("Joe",), "Katherine": ("Kate", "Kathy"), "Kenneth": ("Ken",),
    "Lawrence": ("Larry",), "Leonard": ("Len",), "Margaret": ("Maggie", "Peggy"),
    "Matthew": ("Matt",), "Michael": ("Mike",), "Mitchell": ("Mitch",),
    "Nathaniel": ("Nat",), "Nicholas": ("Nick",), "Patricia": ("Pat",), "Patrick": ("Pat",),
    "Peter": ("Pete",), "Philip": ("Phil",), "Phillip": ("Phil",), "Raymond": ("Ray",),
    "Richard": ("Dick", "Rick"), "Robert": ("Bob", "Rob", "Bud"), "Ronald": ("Ron",),
    "Samuel": ("Sam",), "Stephen": ("Steve",), "Steven": ("Steve",),
    "Susan": ("Sue",), "Theodore": ("Ted", "Teddy"), "Thomas": ("Tom",),
    "Timothy": ("Tim",), "Walter": ("Walt",), "William": ("Bill", "Will"),
}

#: Capitalised words that begin sentences in another sense than a name ("May I add …",
#: "Young people …"): a surname equal to one is linked only after a title or forename.
COMMON_WORDS = frozenset("""
    A About After Again All Also An And Any As At Back Be Before Best Black Both Brown But By
    Can Close Even Early Far Fair First Frank Free Good Grant Gray Green Hall Hard Hill Hope
    However If In Just King Last Little Long Low Major May Might Miles More Most Much New
    No Not Now Of On Once Only Or Over Park Plain Power Rich Right Short Small So Still
    Strong Such Then There This Under Well When While White Will Wise With Young
""".split())

#: Words that make a name the name of an institution ("the Smith Library"): the person's
#: name in it is not a mention of the person.
INSTITUTION_WORDS = frozenset("""
    Library Foundation Institute University College Center Centre School Museum Airport
    Presidential
""".split())
