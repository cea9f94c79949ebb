"""Every Indonesian/English word list the assistant uses, in one place: the no-LLM fallback.

The answer path works from general signals (the multilingual embedder, the model's translation of the
question, cognates); these lists are what it falls back on where those cannot see: number words, negation,
months and days, role and place words, and a small table of everyday English words whose Indonesian
translation is not a cognate. Data only (the glossary is read from its file). Nothing here exists because of particular articles.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

EN_DIGITS = "zero one two three four five six seven eight nine ten eleven twelve"
ID_DIGITS = "nol satu dua tiga empat lima enam tujuh delapan sembilan sepuluh sebelas"
ID_ORDINALS = "pertama kedua ketiga keempat kelima keenam ketujuh kedelapan kesembilan kesepuluh"

NUMBER_WORDS: dict[str, str] = {
    **{w: str(i) for i, w in enumerate(EN_DIGITS.split())},
    "thirteen": "13", "fourteen": "14", "fifteen": "15", "twenty": "20", "thirty": "30", "forty": "40",
    "fifty": "50", "hundred": "100", "dozen": "12",
    **{w: str(i) for i, w in enumerate(ID_DIGITS.split())},
    "seratus": "100", "selusin": "12",
}  # fmt: skip
"""Cardinal number words of both languages -> digits."""

PASSAGE_NUMBER_WORDS: dict[str, str] = {
    **NUMBER_WORDS,
    **{w: str(i) for i, w in enumerate(ID_ORDINALS.split(), 1)},
    "both": "2", "first": "1", "second": "2", "third": "3",
}  # fmt: skip
"""Passage-side number words also include ordinals: "kedua negara" is how Indonesian says "the two countries"."""

CLAIM_NUMBER_WORDS = frozenset(w for w in NUMBER_WORDS if w not in {"zero", "one", "nol", "satu", "dozen", "hundred"})
"""Number words checked in claims ("one"/"satu" are too often not numbers: "one of", "satu-satunya")."""

NEGATIONS = frozenset(
    """not no never none nobody nothing neither nor without cannot can't won't don't doesn't didn't isn't wasn't
    aren't weren't hasn't haven't hadn't couldn't wouldn't shouldn't mustn't n't
    tidak tak bukan belum tanpa tiada jangan enggak nggak gak tidaklah bukanlah belumlah""".split()
)
"""Words that negate the clause they stand in (English and Indonesian)."""
NEGATING_PHRASES = frozenset(
    p.strip()
    for p in """rule out|rules out|ruled out|ruling out|menepis kemungkinan|menutup kemungkinan
    |mengesampingkan kemungkinan|kecil kemungkinan|kemungkinan kecil|unlikely""".replace("\n", " ").split("|")
)
"""Phrases that negate as one word does ("the Kremlin ruled out a deal": it said there would be none; "kecil
kemungkinan", "unlikely": it said there would probably be none)."""
SYMMETRIC = frozenset(
    """meet meets met meeting talk talks talked spoke speak discuss discussed shook hugged embraced played faced
    versus vs with together between against
    bertemu menemui berbicara berbincang membahas berdiskusi berjabat berpelukan bertanding melawan menghadapi
    dengan bersama antara""".split()
)
"""Words of what two parties do together ("Putin met Kim" says what "Kim bertemu Putin" says): who is named
first says nothing of who did it."""

OPPOSITES: tuple[tuple[frozenset[str], frozenset[str]], ...] = tuple(
    (frozenset(a.split()), frozenset(b.split()))
    for a, b in (
        ("admit admits admitted acknowledge acknowledged confirm confirms confirmed mengakui diakui akui "
         "membenarkan mengonfirmasi dikonfirmasi",
         "deny denies denied reject rejects rejected menyangkal disangkal membantah dibantah menolak ditolak"),
        ("approve approves approved accept accepts accepted agree agreed menyetujui disetujui setuju menerima "
         "diterima sepakat",
         "refuse refused reject rejected oppose opposed menolak ditolak menentang ditentang"),
        ("rise rises rose risen increase increases increased grow grew up naik meningkat bertambah tumbuh",
         "fall falls fell drop dropped decrease decreased decline declined ease eased eases down turun menurun "
         "berkurang merosot mereda reda"),
        ("welcome welcomed welcomes praise praised praises appreciate appreciated applaud applauded mengapresiasi "
         "diapresiasi memuji dipuji",
         "criticise criticised criticises criticize criticized criticizes condemn condemned slam slammed mengkritik "
         "dikritik mengkritisi dikritisi mengecam dikecam"),
        ("win wins won beat beats menang memenangi memenangkan mengalahkan menaklukkan",
         "lose loses lost beaten kalah dikalahkan ditaklukkan"),
        ("start starts started begin begins began begun mulai dimulai memulai",
         "end ends ended finish finished berakhir mengakhiri diakhiri selesai"),
        ("allow allows allowed permit permitted mengizinkan diizinkan membolehkan dibolehkan diperbolehkan "
         "memperbolehkan boleh",
         "ban bans banned bar bars barred forbid forbade prohibit prohibited melarang dilarang terlarang"),
        ("open opened membuka dibuka", "close closed shut menutup ditutup"),
        ("benefit benefits benefited benefiting menguntungkan diuntungkan untung",
         "harm harms harmed hurt hurts merugikan dirugikan rugi"),
        ("all every semua seluruh seluruhnya segala", "only hanya cuma"),
        ("darat daratan onshore inland", "laut lautan sea offshore"),  # "land" is also a verb
    )
)  # fmt: skip
"""Pairs of opposite predicates (English and Indonesian): a claim that says one where its source says the
other contradicts it as a negation would ("mengakui" where the article says "menyangkal")."""

NOT_NEGATING = frozenset(
    p.strip()
    for p in """not only|not just|no sooner|no less than|not least|tidak hanya|tak hanya|bukan hanya|bukan saja|tidak saja
    |tak lama|tidak lama|tak lama kemudian|tidak kurang|tak kurang|tak pelak|tidak pelak|tanpa henti|tidak lepas dari
    |tak lepas dari|tidak terlepas dari|tak terlepas dari|tidak sedikit|tak sedikit|not a few|no wonder""".replace(
        "\n", " "
    ).split("|")
)
"""Phrases with a negation word that do not negate ("not only ... but also", "tak lama kemudian" = soon after,
"tidak lepas dari" = owed to, "tidak sedikit" = many)."""

CAUSE_CONNECTIVES = (
    "because of|because|due to|owing to|as a result of|caused by|triggered by|thanks to|karena|sebab|lantaran"
    "|akibat|gara-gara|disebabkan|dipicu|berkat"
).split("|")
"""Words with which a claim says why something happened: the claim asserts a cause, which the passage must
give as one (not merely state both facts)."""
CAUSAL_MARKERS = frozenset(
    """karena sebab penyebab penyebabnya disebabkan menyebabkan lantaran akibat akibatnya gara-gara dipicu memicu
    pemicu pemicunya imbas dampak berdampak sehingga maka setelah sesudah usai seusai berkat mengingat alasan
    alasannya agar supaya demi guna faktor dipengaruhi pengaruh membuat menjadikan atas
    because due cause caused causes causing after since result resulted results led leading therefore so
    thanks amid following reason reasons triggered prompted blamed attributed credited factor factors over""".split()
)
"""Words by which a sentence gives a cause, a consequence or a purpose (Indonesian and English; "sanksi atas
program nuklir", "sanctions over")."""

YESNO_PARTICLES = frozenset("yes no not ya iya tidak tak bukan belum sudah benar betul".split())
"""Words an answer to a yes/no question opens with ("Tidak, gempa itu tidak berpotensi tsunami")."""

PARTICLES = frozenset("sih nih dong deh kok lho tuh kan kah".split())
"""Colloquial Indonesian particles: no content, as function words ("berapa sih rumah yang terendam?")."""

DETERMINERS = frozenset("the these those both all kedua para".split())
"""Words after which a number word names a known group, not a count to check: "the two leaders"."""

GLOSSARY_FILE = "glossary_en_id.txt"
"""The general English -> Indonesian news glossary shipped beside this module: everyday news words whose
Indonesian translation is not a cognate (died/tewas, court/pengadilan, harvest/panen), across domains,
written from general knowledge of Indonesian news language, not from any article."""


EVERYDAY_SECTION = "# --- everyday vocabulary"
"""The header of the glossary's last section: everyday English on any topic, with every common sense of a
word. It serves the claim check (a word is found when any sense is); query expansion leaves it out, where
each sense of "way" or "present" would add a search word ("jalan", "hadiah") the question does not mean."""


@lru_cache(maxsize=2)
def glossary(everyday: bool = True) -> dict[str, tuple[str, ...]]:
    """English word -> its Indonesian translations, from ``GLOSSARY_FILE`` (without ``everyday``: the news
    sections only, before ``EVERYDAY_SECTION``)."""
    text = (resources.files("assistant") / GLOSSARY_FILE).read_text(encoding="utf-8")
    out: dict[str, tuple[str, ...]] = {}
    for line in text.splitlines():
        if not everyday and line.startswith(EVERYDAY_SECTION):
            break
        if line.lstrip().startswith("#"):
            continue
        for item in line.split():
            english, _, indonesian = item.partition(":")
            out[english] = tuple(dict.fromkeys(out.get(english, ()) + tuple(w for w in indonesian.split(",") if w)))
    return out


ALIASES: dict[str, str] = {
    "korut": "korea utara",
    "korsel": "korea selatan",
    "as": "amerika serikat",
    "pbb": "perserikatan bangsa bangsa",
    "ri": "republik indonesia",
    "moskwa": "moskow",
    "dprk": "korea utara",
    # offices, bodies and terms Indonesian news writes short
    "jubir": "juru bicara", "wapres": "wakil presiden", "menlu": "menteri luar negeri",
    "mendagri": "menteri dalam negeri", "menkes": "menteri kesehatan", "menkeu": "menteri keuangan",
    "pemkab": "pemerintah kabupaten", "pemkot": "pemerintah kota", "pemprov": "pemerintah provinsi",
    "pemda": "pemerintah daerah", "kapolri": "kepala kepolisian republik indonesia",
    "kapolda": "kepala kepolisian daerah", "kapolres": "kepala kepolisian resor",
    "kapolsek": "kepala kepolisian sektor", "polda": "kepolisian daerah", "polres": "kepolisian resor",
    "kemenkes": "kementerian kesehatan", "kemendagri": "kementerian dalam negeri",
    "kemenlu": "kementerian luar negeri", "kpk": "komisi pemberantasan korupsi", "kpu": "komisi pemilihan umum",
    "bawaslu": "badan pengawas pemilihan umum", "bnpb": "badan nasional penanggulangan bencana",
    "bpbd": "badan penanggulangan bencana daerah", "bmkg": "badan meteorologi klimatologi dan geofisika",
    "bps": "badan pusat statistik", "ojk": "otoritas jasa keuangan", "dpr": "dewan perwakilan rakyat",
    "dprd": "dewan perwakilan rakyat daerah", "kejagung": "kejaksaan agung", "kejari": "kejaksaan negeri",
    "jpu": "jaksa penuntut umum", "rsud": "rumah sakit umum daerah", "tni": "tentara nasional indonesia",
    "polri": "kepolisian negara republik indonesia", "ott": "operasi tangkap tangan",
    "phk": "pemutusan hubungan kerja", "bbm": "bahan bakar minyak", "het": "harga eceran tertinggi",
    "umkm": "usaha mikro kecil dan menengah", "wni": "warga negara indonesia", "wna": "warga negara asing",
    "wisman": "wisatawan mancanegara", "wisnus": "wisatawan nusantara", "pns": "pegawai negeri sipil",
    "asn": "aparatur sipil negara", "apbn": "anggaran pendapatan dan belanja negara",
    "apbd": "anggaran pendapatan dan belanja daerah", "pilkada": "pemilihan kepala daerah",
    "pemilu": "pemilihan umum", "ptn": "perguruan tinggi negeri", "lsm": "lembaga swadaya masyarakat",
    "jabar": "jawa barat", "jateng": "jawa tengah", "jatim": "jawa timur", "kalbar": "kalimantan barat",
    "kalteng": "kalimantan tengah", "kaltim": "kalimantan timur", "kalsel": "kalimantan selatan",
    "kaltara": "kalimantan utara", "sulsel": "sulawesi selatan", "sulteng": "sulawesi tengah",
    "sulut": "sulawesi utara", "sultra": "sulawesi tenggara", "sulbar": "sulawesi barat",
    "sumut": "sumatera utara", "sumbar": "sumatera barat", "sumsel": "sumatera selatan",
    "ntt": "nusa tenggara timur", "ntb": "nusa tenggara barat", "diy": "daerah istimewa yogyakarta",
}  # fmt: skip
"""Abbreviations Indonesian news uses for names, offices and common terms (general news usage, not taken from
any article), expanded on both sides before matching."""


# --- dates and times --------------------------------------------------------------------------------

MONTH_NAMES: dict[str, int] = {
    w: i for i, ws in enumerate(("januari january", "februari february", "maret march", "april", "mei may",
    "juni june", "juli july", "agustus august", "september", "oktober october", "november", "desember december"),
    1) for w in ws.split()
}  # fmt: skip
"""Full month names of both languages -> month number."""
MONTHS: dict[str, int] = MONTH_NAMES | {
    w: i for i, ws in enumerate(("jan", "feb", "mar", "apr", "", "jun", "jul", "agu agt aug", "sept sep",
    "okt oct", "nov", "des dec"), 1) for w in ws.split()
}  # fmt: skip
"""Month names and their abbreviations -> month number."""
WEEKDAYS: dict[str, int] = {
    w: i % 7 for i, w in enumerate("senin selasa rabu kamis jumat sabtu minggu monday tuesday wednesday thursday "
                                   "friday saturday sunday".split())
} | {"jum'at": 4}  # fmt: skip
"""Weekday names of both languages -> 0 (Monday) .. 6."""
PART_WORDS: tuple[tuple[str, str], ...] = (
    (r"tengah malam|midnight", "midnight"), (r"tengah hari|noon|midday", "midday"),
    (r"(?:sebelum )?fajar|(?:before )?dawn|subuh|dini hari|daybreak|early hours", "dawn"),
    (r"pagi|morning", "morning"), (r"siang", "midday"), (r"sore|petang|afternoon", "afternoon"),
    (r"evening", "evening"), (r"malam|night|tonight", "night"),
)  # fmt: skip
"""Phrases (regular expressions) naming a part of day, most specific first."""
DURATION_UNITS: tuple[str, ...] = (
    "PT S 1 1 detik second seconds", "PT M 1 60 menit minute minutes min", "PT H 1 3600 jam hour hours hrs",
    "P D 1 86400 hari day days", "P W 1 604800 minggu pekan week weeks", "P M 1 1 bulan month months",
    "P Y 1 12 tahun year years", "P Y 10 120 dekade decade decades", "P Y 100 1200 abad century centuries",
)  # fmt: skip
"""Duration units: ISO-8601 prefix, designator, count per unit, size (seconds for day units, months for
calendar units), then the unit's words in both languages."""

# --- numbers beyond the cardinals ---------------------------------------------------------------------

SCALES: dict[str, float] = {"ribu": 1e3, "thousand": 1e3, "juta": 1e6, "million": 1e6, "miliar": 1e9,
                            "milyar": 1e9, "billion": 1e9, "triliun": 1e12, "trillion": 1e12}  # fmt: skip
MULTIPLIERS: dict[str, int] = {"puluh": 10, "belas": 0, "ratus": 100, "hundred": 100, "dozen": 12, "lusin": 12}
"""Words that multiply the number word before them ("dua puluh" 20; belas adds ten: "dua belas" 12)."""
MORE_NUMBER_WORDS: dict[str, float] = {
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90, "seribu": 1e3, "sejuta": 1e6, "semiliar": 1e9, "a": 1, "an": 1, "setengah": 0.5,
}  # fmt: skip
"""Number words ``NUMBER_WORDS`` lacks ("setengah" adds a half: "dua setengah" is 2.5)."""
VAGUE_COUNTS = """beberapa|several|a few|few|many|banyak|sejumlah|berbagai|numerous|puluhan|ratusan|ribuan|jutaan
|dozens|hundreds|thousands|millions"""
"""Words of a count that is not exact ("beberapa hari", "thousands of"), separated by |."""
APPROXIMATE = """sekitar|kira-kira|kurang lebih|hampir|lebih dari|kurang dari|setidaknya|paling tidak|hingga|sampai|about
|around|approximately|roughly|nearly|almost|more than|over|less than|at least|up to"""
"""Phrases that make a number approximate ("sekitar 1.000", "more than 20"), separated by |."""
HONORIFICS = frozenset("mr mrs ms dr prof sir pak bapak bu tuan nyonya sdr haji hj ir drs".split())

# --- names: roles, places, organisations --------------------------------------------------------------

KINSHIP = frozenset(
    """father mother son daughter child brother sister wife husband grandfather grandmother grandson granddaughter
    grandchild uncle aunt nephew niece cousin
    ayah ibu anak putra putri istri suami kakak adik kakek nenek cucu paman bibi keponakan sepupu""".split()
)
"""Kinship words: a person is one relative of another, so two of them for one pair contradict each other."""
ROLE_HEADS = KINSHIP | frozenset(
    """minister secretary spokesman spokesperson spokeswoman president leader aide adviser advisor assistant head
    chief chairman chairwoman chair ambassador general commander director governor mayor regent envoy
    judge prosecutor coach captain manager founder ceo chancellor
    rector officer
    menteri sekretaris jubir presiden pemimpin ajudan penasihat asisten kepala ketua duta jenderal komandan
    direktur gubernur walikota wali bupati utusan juru bicara hakim
    jaksa pelatih kapten manajer pendiri rektor kapolda kapolres kapolri panglima""".split()
)
"""Role words that carry the role itself (a qualifier such as "foreign" only narrows one)."""
ROLE_WORDS = ROLE_HEADS | frozenset(
    """ministers vice deputy prime foreign defence defense interior finance economy national security supreme
    chief executive wakil perdana luar negeri pertahanan keuangan ekonomi nasional keamanan tertinggi agung
    utama umum""".split()
)
"""Words that name a role; everything else next to a name (verbs, places, "Rusia") is ignored."""
PLACE_WORDS = frozenset(
    """bandara gereja katedral masjid kota kabupaten provinsi negara pulau semenanjung gunung sungai laut selat
    danau pantai jalan istana gedung kosmodrom pelabuhan stasiun terminal monumen museum universitas kampus hotel
    wisma kawasan wilayah distrik kecamatan kelurahan desa dusun stadion rumah sakit pasar
    airport church cathedral mosque city province regency island peninsula mount mountain volcano river sea
    strait lake beach street road palace house building cosmodrome port station terminal monument museum hotel
    square district village stadium hospital market guest""".split()
)
"""Words that make a capitalised run a place (``universitas``/``house`` can be either: places win)."""
COUNTRIES = frozenset(
    c.strip()
    for c in """afghanistan|afganistan|albania|algeria|aljazair|angola|argentina|armenia|australia|austria|azerbaijan
    |bahrain|bangladesh|belarus|belgium|belgia|bhutan|bolivia|bosnia|botswana|brazil|brasil|brunei|bulgaria
    |cambodia|kamboja|cameroon|kamerun|canada|kanada|chile|cile|china|cina|tiongkok|colombia|kolombia|croatia
    |kroasia|cuba|kuba|cyprus|siprus|czechia|ceko|denmark|denmark|egypt|mesir|ecuador|ekuador|estonia|ethiopia
    |etiopia|fiji|finland|finlandia|france|prancis|perancis|georgia|germany|jerman|ghana|greece|yunani|guatemala
    |hungary|hungaria|iceland|islandia|india|indonesia|iran|iraq|irak|ireland|irlandia|israel|italy|italia
    |jamaica|jamaika|japan|jepang|jordan|yordania|kazakhstan|kenya|kuwait|laos|latvia|lebanon|lebanon|libya
    |libia|lithuania|lituania|luxembourg|luksemburg|malaysia|maldives|maladewa|mali|malta|mexico|meksiko
    |mongolia|morocco|maroko|mozambique|mozambik|myanmar|nepal|netherlands|belanda|new zealand|selandia baru
    |nigeria|norway|norwegia|oman|pakistan|palestine|palestina|panama|papua nugini|papua new guinea|paraguay
    |peru|philippines|filipina|poland|polandia|portugal|qatar|romania|rumania|russia|rusia|rwanda|saudi arabia
    |arab saudi|senegal|serbia|singapore|singapura|slovakia|slovenia|somalia|south africa|afrika selatan
    |spain|spanyol|sri lanka|sudan|sweden|swedia|switzerland|swiss|syria|suriah|taiwan|tajikistan|tanzania
    |thailand|timor leste|timor-leste|tunisia|turkey|turki|turkmenistan|uganda|ukraine|ukraina|uruguay
    |uzbekistan|venezuela|vietnam|yemen|yaman|zambia|zimbabwe|korea|korea utara|korea selatan|north korea
    |south korea|korut|korsel|amerika|amerika serikat|united states|america|usa|inggris|britain|great britain
    |united kingdom|uni emirat arab|united arab emirates|eropa|europe|asia|afrika|africa|timur tengah
    |middle east|amerika latin|latin america""".split("|")
)
"""Countries and continents, in English and Indonesian: a capitalised run that is one of them names a place
("hubungan antara Rusia dan Korea Utara"), never a person."""
ORG_WORDS = frozenset(
    """kantor berita agensi dewan departemen kementerian badan lembaga komisi partai organisasi perusahaan pusat
    program media televisi radio koran pengadilan mahkamah kejaksaan kepolisian polda polres bank tim klub
    persatuan asosiasi serikat yayasan dinas
    agency council department ministry commission party organisation organization company corporation institute
    centre center news television times post court tribunal police bank team club union association federation
    foundation office bureau authority""".split()
)
"""Words that make a capitalised run an organisation."""
GENERIC_HEADS = ORG_WORDS | PLACE_WORDS
"""Words that say what kind of place or organisation a name is, not which one ("Kosmodrom", "Dewan", "Korean
Peninsula"): translated, not written alike, across languages."""
UNSPECIFIC_NAMES = (
    GENERIC_HEADS | HONORIFICS | ROLE_WORDS | frozenset(MONTHS) | frozenset(WEEKDAYS) | {"pemerintah", "government"}
)
"""Capitalised words that name no one person, place or story: kinds of place and office, titles, months and days."""
PLACE_PREPOSITIONS = frozenset("di ke dari menuju dekat asal in to at from near into toward towards via".split())
"""Words after which a capitalised run is a place ("striker asal Brasil")."""

# --- questions ------------------------------------------------------------------------------------------

NOUN_TYPES: dict[str, str] = {
    "person": """person people man men woman women official officials minister ministers leader leaders president
        spokesman spokesperson spokeswoman aide adviser advisor secretary head chief father son daughter mother
        wife husband diplomat ambassador journalist reporter analyst expert professor general commander player
        players striker scorer goalkeeper coach captain judge judges prosecutor defendant suspect witness doctor
        patient farmer worker workers employee founder investor governor mayor regent candidate winner victim
        academic academics researcher researchers scientist scientists scholar economist lawyer attorney teacher
        teachers student students lecturer observer observers activist activists resident residents citizen
        citizens soldier soldiers officer officers policeman author writer singer artist actor athlete chairman
        chairwoman chairperson director manager owner
        orang tokoh pria wanita perempuan pejabat menteri pemimpin presiden jubir ajudan penasihat sekretaris
        kepala ayah ibu anak putra putri istri suami diplomat duta wartawan analis pakar profesor jenderal pemain
        penyerang pencetak kiper pelatih kapten hakim jaksa terdakwa tersangka saksi dokter pasien petani pekerja
        karyawan pendiri investor gubernur walikota bupati calon kandidat pemenang akademisi peneliti ilmuwan ekonom
        pengacara advokat guru siswa mahasiswa dosen pengamat aktivis warga tentara prajurit petugas polisi penulis
        penyanyi seniman aktor atlet ketua direktur manajer pemilik""",
    "place": """place places city cities country countries region regions town capital airport church cathedral
        building location venue province border island peninsula monument site destination district regency
        village stadium hospital mountain volcano river street station route area origin
        tempat kota negara wilayah daerah bandara gereja katedral gedung lokasi provinsi perbatasan pulau
        semenanjung kawasan monumen situs tujuan kabupaten kecamatan desa stadion gunung sungai jalan stasiun rute
        asal""",
    "organisation": """organisation organization organisations agency agencies company companies institution council
        department ministry university newspaper outlet outlets media party alliance body court team club bank firm
        startup start-up union authority
        organisasi lembaga badan kantor agensi perusahaan institusi dewan departemen kementerian universitas koran
        media partai aliansi pengadilan mahkamah tim klub bank startup serikat""",
    "time": """time year years month months day days date hour week season night morning era decade deadline
        waktu tahun bulan hari tanggal jam pukul minggu malam pagi era dekade tenggat""",
    "number": """number amount count percentage population price cost rate total score fine budget salary fare toll
        figure level share magnitude
        jumlah angka persen persentase populasi penduduk harga biaya tingkat total skor denda anggaran gaji tarif
        nilai kadar besaran""",
}
"""Head nouns that say what kind of thing a "which/what/apa/mana" question asks for, by answer type."""
GENERIC_NOUNS = frozenset(
    """time year years month months day days date hour week number amount count place places city cities country
    countries town region person people waktu tahun bulan hari tanggal jam minggu jumlah angka tempat kota negara
    wilayah daerah orang kind kinds type types sort jenis macam activity activities kegiatan field fields bidang
    thing things hal aspect aspects topic topics topik issue issues isu way ways cara""".split()
)
"""Type nouns that say only what kind of answer is wanted (a candidate of the type satisfies them)."""
QUESTION_WORDS = frozenset(
    """who whom whose what which when where why how many much long old does did do is are was were has have had
    can could will would should according articles article say said tell siapa siapakah apa apakah apakah kapan
    kapankah mengapa kenapa bagaimana berapa berapakah mana manakah dimana kemana darimana benarkah menurut
    artikel disebutkan dilaporkan""".split()
)
"""Words that shape the question but are not what the answer is about."""
AUXILIARIES = frozenset("did does do is are was were has have had will would can could should shall may might".split())
MODIFIERS = frozenset("new old big small main first last other another same several many few".split())
"""Adjectives that may stand between "which" and its noun ("which new minister")."""

# --- conversations --------------------------------------------------------------------------------------

PERSON_PRONOUNS = frozenset("he she him his her hers himself herself dia ia beliau".split())
"""Pronouns that stand for one person (Indonesian "-nya" on a noun is read apart: "ajudannya")."""
GROUP_PRONOUNS = frozenset("they them their theirs themselves mereka keduanya".split())
"""Pronouns that stand for the people of the previous turn together."""
POSSESSIVE_PRONOUNS = frozenset("his her hers their theirs its".split())
PLACE_PRONOUNS = (
    "there", "di sana", "ke sana", "dari sana", "di situ", "ke situ", "dari situ", "di tempat itu",
    "di tempat tersebut", "ke tempat itu", "ke tempat tersebut",
)  # fmt: skip
"""Phrases that stand for a place named before."""
DEMONSTRATIVES_BEFORE = frozenset("that this those these".split())
"""English demonstratives before the noun they point back with ("that agency")."""
DEMONSTRATIVES_AFTER = frozenset("itu ini tersebut".split())
"""Indonesian demonstratives after the noun ("badan tersebut")."""
BARE_REFERENCES = frozenset("it that this itu ini tersebut hal".split())
"""Words that point back to the previous turn as a whole when no noun comes with them ("Where was that?")."""
NOT_POSSESSIVE_NYA = frozenset(
    """hanya punya bertanya tanya nyanya sebelumnya selanjutnya lainnya akhirnya biasanya sesungguhnya
    sebenarnya rupanya agaknya tampaknya nampaknya kayaknya misalnya contohnya pokoknya umumnya khususnya
    terutamanya sepertinya keduanya ketiganya semuanya seluruhnya masing-masingnya sendirinya""".split()
)
"""Words that end in -nya without it meaning "his/her"."""
ANOTHER_WORDS = frozenset("else other another others lagi lain lainnya selain".split())
"""A follow-up asking the same thing again for another answer ("Who else accompanied him?"): its pronoun keeps
the role it had in the previous question."""
TOPIC_OPENERS = (
    "kalau", "bagaimana dengan", "gimana dengan", "lalu bagaimana dengan", "terus", "lalu", "dan",
    "as for", "what about", "how about", "and",
)  # fmt: skip
"""Words that open an elliptical follow-up or put its own topic first ("Kalau Lavrov?", "What about Kim?")."""
LIGHT_WORDS = frozenset(
    """habis setelah sesudah kemudian lalu terus juga lagi sih dong deh kah pun mau ingin akan bisa bikin
    then also again just get gets got getting make makes made making""".split()
)
"""Connectives, modals and light verbs of a chatty follow-up ("Habis itu ...", "Mau bahas apa", "would get
signed"): a rewrite may drop them, they say nothing the question is about."""

# --- disagreements: which attribute of which event a value gives ------------------------------------------

VALUE_RELATIONS: dict[str, dict[str, str]] = {
    "time": {"at": "pada di dalam on at in", "before": "sebelum before", "after": "setelah sesudah usai after",
             "since": "sejak since", "until": "hingga sampai until till"},
    "duration": {"for": "selama for", "within": "dalam within in", "after": "setelah after", "ago": "lalu ago"},
    "place": {"at": "di in at", "to": "ke menuju kepada into to toward towards", "from": "dari from asal"},
    "person": {"with": "dengan bersama with", "by": "oleh by", "to": "kepada to", "from": "dari from"},
    "organisation": {"with": "dengan bersama with", "by": "oleh by", "to": "kepada to", "from": "dari from"},
}  # fmt: skip
"""The word before a value that says which attribute of an event it gives ("ke Vietnam" is where he goes,
"di Ukraina" where something happens), by answer type; values with different relations never conflict."""
REPORTING_WORDS = frozenset(
    """kata ujar ucap tutur jelas ungkap sebut lapor laporan menurut dikutip kutip dilansir lansir tulis
    menyatakan menyampaikan said says say told tells according reported reports cited quoted wrote writes
    stated""".split()
)
"""Words of attribution (stems, and the forms whose stems mean something else: "menyampaikan" is not
"sampai"): they say who reported a fact, not which event it is about, and any one of them stands for
another when a claim is checked ("menyampaikannya" where the article says "mengatakan")."""
NOT_EVENT_WORDS = frozenset(
    """waktu setempat local time pukul jam sekitar tanggal tahun bulan hari pekan minggu
    date year month day week terjadi happen happened happens occur occurred occurs lakukan melakukan dilakukan
    pernah terakhir pertama kali ever last first""".split()
)
"""Words that go with a time or a count ("pukul 3 pagi waktu setempat") or say only that something happened
("terjadi", "pernah"), not which event it was."""
UNIQUE_MARKERS = ("satu-satunya", "the only", "the one and only", "one and only")
"""Words of a description that fits one thing only: two names given the same such description name the same
thing ("Katedral Holy Trinity, satu-satunya gereja Ortodoks di Korea Utara")."""
