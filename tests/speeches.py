"""A corpus of short invented speeches in the style of public speech collections.

Used by the tests (never by the library). The collections a new user tries first --
presidential inaugural addresses, State of the Union messages -- come as one plain-text
file per speech, named ``YEAR-NAME.txt``, with no heading: the first line is the first
paragraph. They hold what the seed corpus does not: years before 1800, bracketed stage
directions (``(Applause.)``), titles before names (``Mr. Speaker, Mr. Vice President``),
a README that is not a speech, and now and then a few bytes of another encoding in an
otherwise ASCII file (Big5's ``A1 58`` where a dash was meant).

Every text here is made up for the tests; none is copied from a real speech. The
writer gives the same bytes on every call, so counts can be checked by hand.

``write_speeches(folder)`` writes the corpus and returns the facts a test checks
against (file names, years, speakers, how many stage directions each file holds).
"""
from __future__ import annotations

from pathlib import Path

__all__ = ["SPEECHES", "BIG5_FILE", "write_speeches", "stage_directions"]

# Each speech: paragraphs in order. Stage directions stand in their own parentheses,
# as the transcripts print them, inside or after a sentence.
_WASHINGTON_1789 = [
    "Fellow citizens of the Senate and of the House of Representatives, among the "
    "vicissitudes incident to life no event could have filled me with greater anxieties "
    "than that of which the notification was transmitted by your order, and received on "
    "the fourteenth day of the present month, for I was summoned by my country.",
    "The magnitude and difficulty of the trust to which the voice of my country called me "
    "could not but overwhelm with despondence one who ought to be peculiarly conscious of "
    "his own deficiencies. The preservation of the sacred fire of liberty is justly "
    "considered as deeply staked on the experiment entrusted to the hands of the people.",
    "I shall take my present leave, but not without resorting once more to the benign "
    "Parent of the human race, that the union of the states may endure and that the "
    "independence of the nation may be preserved by temperate consultations.",
]

_WASHINGTON_1793 = [
    "Fellow citizens, I am again called upon by the voice of my country to execute the "
    "functions of its Chief Magistrate. When the occasion proper for it shall arrive, I "
    "shall endeavor to express the high sense I entertain of this distinguished honor.",
    "Previous to the execution of any official act of the President the Constitution "
    "requires an oath of office. This oath I am now about to take, and in your presence, "
    "that if it shall be found during my administration of the Government I have in any "
    "instance violated willingly or knowingly the injunctions thereof, I may be subject "
    "to the upbraidings of all who are now witnesses of the present solemn ceremony.",
]

_ADAMS_1797 = [
    "When it was first perceived, in early times, that no middle course for America "
    "remained between unlimited submission to a foreign legislature and a total "
    "independence of its claims, men of reflection were less apprehensive of danger from "
    "the formidable power of fleets and armies than from the defect of a constitution.",
    "The zeal and ardor of the people during the revolutionary war supplied the place of "
    "government. Employed in the service of my country abroad during the whole course of "
    "these transactions, I first saw the Constitution of the United States in a foreign "
    "country. Mr. Jefferson and Mr. Hamilton read it with me. I read it with great "
    "satisfaction, as the result of good heads prompted by good hearts.",
    "What other form of government, indeed, can so well deserve our esteem and love? "
    "There may be little solidity in an ancient idea that congregations of men into "
    "cities and nations are the most pleasing objects in the sight of superior "
    "intelligences, but the independence of a free people is a spectacle of dignity.",
]

_JEFFERSON_1801 = [
    "Friends and fellow citizens, called upon to undertake the duties of the first "
    "executive office of our country, I avail myself of the presence of that portion of "
    "my fellow citizens which is here assembled to express my grateful thanks.",
    "A rising nation, spread over a wide and fruitful land, traversing all the seas with "
    "the rich productions of their industry, engaged in commerce with nations who feel "
    "power and forget right, advancing rapidly to destinies beyond the reach of mortal "
    "eye. We are all republicans, we are all federalists. Let us restore to social "
    "intercourse that harmony and affection without which liberty and even life itself "
    "are but dreary things.",
    "Equal and exact justice to all men, of whatever state or persuasion, religious or "
    "political; peace, commerce, and honest friendship with all nations, entangling "
    "alliances with none; a balanced budget and a frugal government which shall restrain "
    "men from injuring one another.",
]

_TRUMAN_1945 = [
    "Mr. President, Mr. Speaker, members of the Congress, it is with a heavy heart that "
    "I stand before you, my friends and colleagues, in the Congress of the United States. "
    "(Applause.) Only yesterday we laid to rest the mortal remains of our beloved "
    "President.",
    "Tragic fate has thrust upon us grave responsibilities. We must carry on. Our "
    "departed leader never looked backward. He looked forward and moved forward. "
    "(Applause.) That is what he would want us to do. That is what America will do.",
    "The world must know that this nation will keep its word. Dr. Stimson and Gen. "
    "Marshall have my full confidence. (Applause.) We will build a balanced budget and "
    "a balanced peace, and our independence will rest on the friendship of free nations.",
]

_KENNEDY_1961 = [
    "Mr. Speaker, Mr. Vice President, members of the Congress, it is a pleasure to "
    "return from whence I came. (Applause.) You are among my oldest friends in "
    "Washington, and this House is my oldest home. (Laughter.)",
    "No man entering upon this office, regardless of his party, regardless of his "
    "previous service in Washington, could fail to be staggered upon learning, even in "
    "this brief ten-day period--the harsh enormity of the trials through which we must "
    "pass in the next four years. (Applause.)",
    "Our energy independence depends on new sources at home. Energy independence is not "
    "a slogan but a program--research, conservation and a balanced budget. (Applause.) "
    "Sen. Smith and Rep. Jones will lead the committee, and Gov. Brown has offered the "
    "help of his state. (Laughter.)",
    "Let every nation know, whether it wishes us well or ill, that we shall pay any "
    "price, bear any burden, meet any hardship, support any friend, oppose any foe--to "
    "assure the survival and the success of liberty. (Applause.)",
]

_BUSH_2001 = [
    "Mr. Speaker, Mr. Vice President, members of Congress, distinguished guests, and "
    "fellow citizens: it is a great privilege to be here to outline a new budget and a "
    "new approach for governing our great country. (Applause.)",
    "To make sure the retirement savings of America's seniors are not diverted to any "
    "other program, my budget protects all two and a half trillion dollars of the Social "
    "Security surplus for Social Security, and for Social Security alone. (Applause.) "
    "Energy independence matters too: we will balance conservation with production. "
    "(Laughter.)",
    "Our schools, our roads, our independence of spirit: we will keep them. Mrs. Bush "
    "and I thank you. (Applause.) God bless America.",
]

_OBAMA_2009 = [
    "Madam Speaker, Mr. Vice President, members of Congress, and the first lady of the "
    "United States: I have come here tonight not only to address the distinguished men "
    "and women in this great chamber, but to speak frankly and directly to the men and "
    "women who sent us here. (Applause.)",
    "I know that for many Americans watching right now, the state of our economy is a "
    "concern that rises above all others. (Applause.) The impact of this recession is "
    "real, and it is everywhere. But while our economy may be weakened and our confidence "
    "shaken, we will rebuild, we will recover. (Laughter.) A balanced budget is the aim.",
    "The energy independence of this country will not come from one more study. It will "
    "come from new plants, new lines and new jobs. (Applause.) Thank you, Mr. Speaker.",
]

# file name -> (year, speaker, paragraphs)
SPEECHES = {
    "1789-Washington.txt": (1789, "Washington", _WASHINGTON_1789),
    "1793-Washington.txt": (1793, "Washington", _WASHINGTON_1793),
    "1797-Adams.txt": (1797, "Adams", _ADAMS_1797),
    "1801-Jefferson.txt": (1801, "Jefferson", _JEFFERSON_1801),
    "1945-Truman.txt": (1945, "Truman", _TRUMAN_1945),
    "1961-Kennedy.txt": (1961, "Kennedy", _KENNEDY_1961),
    "2001-Bush.txt": (2001, "Bush", _BUSH_2001),
    "2009-Obama.txt": (2009, "Obama", _OBAMA_2009),
}

# The file that has Big5 punctuation bytes in place of its dashes (A1 58 is a dash in
# Big5; read as latin-1 it is "¡X", and "period¡Xthe" gives a junk word "xthe"). The
# rest of the file is ASCII, as in collections where one file was saved on a Big5 system.
BIG5_FILE = "1961-Kennedy.txt"
_BIG5_DASH = b"\xa1\x58"

_README = (
    "Invented speeches for corpusnb's tests.\n\n"
    "One file per speech, named YEAR-NAME.txt. Not a speech itself.\n"
)


def stage_directions(paragraphs: list[str]) -> dict[str, int]:
    """Count the bracketed stage directions of a speech, by their text.

    >>> stage_directions(["We will. (Applause.) Yes. (Laughter.) (Applause.)"])
    {'(Applause.)': 2, '(Laughter.)': 1}
    """
    counts: dict[str, int] = {}
    for paragraph in paragraphs:
        for direction in ("(Applause.)", "(Laughter.)"):
            counts[direction] = counts.get(direction, 0) + paragraph.count(direction)
    return {k: v for k, v in counts.items() if v}


def _body(paragraphs: list[str]) -> bytes:
    return ("\n\n".join(paragraphs) + "\n").encode("ascii")


def write_speeches(folder: str | Path, *, big5: bool = True, readme: bool = True
                   ) -> dict[str, dict]:
    """Write the speech corpus into ``folder`` and return what each file holds.

    Parameters
    ----------
    folder : str or Path
        Created if missing.
    big5 : bool
        Write ``BIG5_FILE``'s three dashes (``--`` between words, as in
        ``period--the``) as Big5's ``A1 58``; the hyphen of ``ten-day`` stays.
    readme : bool
        Write a ``README.md`` beside the speeches (a file that is not a document).

    Returns
    -------
    dict
        file name -> ``{"year", "speaker", "paragraphs", "directions", "big5_dashes"}``.

    Examples
    --------
    >>> import tempfile
    >>> facts = write_speeches(tempfile.mkdtemp())
    >>> sorted(facts)[:3]
    ['1789-Washington.txt', '1793-Washington.txt', '1797-Adams.txt']
    >>> facts["1961-Kennedy.txt"]["directions"]
    {'(Applause.)': 4, '(Laughter.)': 2}
    >>> facts["1961-Kennedy.txt"]["big5_dashes"]
    3
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    facts = {}
    for name, (year, speaker, paragraphs) in SPEECHES.items():
        data = _body(paragraphs)
        dashes = 0
        if big5 and name == BIG5_FILE:
            dashes = data.count(b"--")
            data = data.replace(b"--", _BIG5_DASH)
        (folder / name).write_bytes(data)
        facts[name] = {"year": year, "speaker": speaker, "paragraphs": paragraphs,
                       "directions": stage_directions(paragraphs), "big5_dashes": dashes}
    if readme:
        (folder / "README.md").write_text(_README, encoding="utf-8")
    return facts
