"""Tables behind caseworker.core.synthetic: names with their usual Latin spellings, cities, phrases.

Faker has native-script names for Arabic and Persian but no Latin spellings for them, and nothing for
Ge'ez, so those names are listed here with the spellings that turn up on real forms (first = most
common). The phrases are demo quality: written for synthetic data, not reviewed by native speakers.
Every value here is invented or a common given/family name; no entry describes a real person.
"""

from __future__ import annotations

from caseworker.core.domain import NeedDomain

# (native, (latin spellings...)) -------------------------------------------------------------------

ARABIC_MALE: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("محمد", ("Mohammed", "Muhammad", "Mohamad", "Mohamed", "Mohammad")),
    ("أحمد", ("Ahmad", "Ahmed")),
    ("محمود", ("Mahmoud", "Mahmud", "Mahmood")),
    ("علي", ("Ali", "Aly")),
    ("عمر", ("Omar", "Umar", "Omer")),
    ("خالد", ("Khaled", "Khalid")),
    ("يوسف", ("Yousef", "Youssef", "Yusuf", "Yosef")),
    ("إبراهيم", ("Ibrahim", "Ebrahim", "Brahim")),
    ("حسن", ("Hassan", "Hasan")),
    ("حسين", ("Hussein", "Hussain", "Husein")),
    ("مصطفى", ("Mustafa", "Moustafa", "Mostafa")),
    ("عبد الله", ("Abdullah", "Abdallah", "Abdulla")),
    ("عبد الرحمن", ("Abdulrahman", "Abdul Rahman", "Abdelrahman")),
    ("سامر", ("Samer", "Sameer")),
    ("طارق", ("Tarek", "Tariq", "Tarik")),
    ("فادي", ("Fadi", "Fady")),
    ("باسل", ("Basel", "Basil")),
    ("وليد", ("Walid", "Waleed")),
    ("رامي", ("Rami", "Ramy")),
    ("زياد", ("Ziad", "Ziyad")),
    ("ماهر", ("Maher",)),
    ("نبيل", ("Nabil", "Nabeel")),
    ("عماد", ("Imad", "Emad")),
    ("جمال", ("Jamal", "Gamal")),
    ("كريم", ("Karim", "Kareem")),
    ("ياسر", ("Yasser", "Yaser", "Yasir")),
    ("حمزة", ("Hamza", "Hamzah")),
    ("أنس", ("Anas",)),
    ("قاسم", ("Qasim", "Kassem", "Qassem")),
    ("صالح", ("Saleh", "Salih")),
)

ARABIC_FEMALE: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("فاطمة", ("Fatima", "Fatma", "Fatemah")),
    ("مريم", ("Maryam", "Mariam", "Mariem")),
    ("عائشة", ("Aisha", "Aysha", "Aicha")),
    ("زينب", ("Zainab", "Zeinab", "Zaynab")),
    ("نور", ("Nour", "Noor", "Nur")),
    ("ليلى", ("Layla", "Leila", "Laila")),
    ("رنا", ("Rana",)),
    ("هبة", ("Heba", "Hiba")),
    ("سارة", ("Sara", "Sarah")),
    ("آمنة", ("Amina", "Amna", "Aminah")),
    ("رغد", ("Raghad",)),
    ("يارا", ("Yara",)),
    ("هناء", ("Hanaa", "Hana")),
    ("خديجة", ("Khadija", "Khadijah", "Hadija")),
    ("سلمى", ("Salma",)),
    ("دعاء", ("Duaa", "Doaa")),
    ("أسماء", ("Asmaa", "Asma")),
    ("رشا", ("Rasha",)),
    ("لينا", ("Lina", "Leena")),
    ("سمر", ("Samar",)),
    ("غادة", ("Ghada",)),
    ("منى", ("Mona", "Muna")),
    ("إيمان", ("Iman", "Eman")),
    ("ريم", ("Reem", "Rim")),
)

# family names by country of birth (Syria, Iraq, Sudan); Sudanese family names are often the
# father's given name
ARABIC_FAMILY: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "SY": (
        ("الأحمد", ("Al-Ahmad", "Alahmad", "Al Ahmad")),
        ("الحسن", ("Al-Hassan", "Alhassan", "Al Hasan")),
        ("الخطيب", ("Al-Khatib", "Alkhatib", "El Khatib")),
        ("الحلبي", ("Al-Halabi", "Halabi")),
        ("حداد", ("Haddad",)),
        ("المصري", ("Al-Masri", "Masri", "El Masry")),
        ("العلي", ("Al-Ali", "Alali")),
        ("الشامي", ("Al-Shami", "Alshami", "Shami")),
        ("درويش", ("Darwish", "Darweesh")),
        ("الكردي", ("Al-Kurdi", "Kurdi")),
        ("قاسم", ("Kassem", "Qasim")),
        ("سليمان", ("Suleiman", "Sulaiman", "Soliman")),
        ("عيسى", ("Issa", "Eissa")),
        ("سعيد", ("Saeed", "Said", "Saied")),
        ("يوسف", ("Youssef", "Yousef")),
    ),
    "IQ": (
        ("الجبوري", ("Al-Jubouri", "Aljuboori", "Al Jburi")),
        ("التميمي", ("Al-Tamimi", "Altamimi")),
        ("العبيدي", ("Al-Obaidi", "Alobaidi", "Al-Ubaidi")),
        ("الدليمي", ("Al-Dulaimi", "Aldulaimi")),
        ("حسين", ("Hussein", "Hussain")),
        ("الساعدي", ("Al-Saadi", "Alsaadi")),
        ("الربيعي", ("Al-Rubaie", "Alrubaie", "Al-Rubaiy")),
        ("عباس", ("Abbas",)),
        ("الزبيدي", ("Al-Zubaidi", "Alzubaidi")),
        ("جاسم", ("Jasim", "Jassim", "Jassem")),
    ),
    "SD": (
        ("محمد", ("Mohamed", "Mohammed")),
        ("أحمد", ("Ahmed", "Ahmad")),
        ("عثمان", ("Osman", "Othman", "Uthman")),
        ("آدم", ("Adam", "Adum")),
        ("عبد الله", ("Abdalla", "Abdallah", "Abdullah")),
        ("النور", ("Elnour", "Al-Nour", "Alnour")),
        ("الطيب", ("Eltayeb", "Al-Tayeb", "Altayeb")),
        ("بشير", ("Bashir", "Basheer")),
        ("الزين", ("Elzein", "Al-Zain")),
        ("إدريس", ("Idris", "Edris")),
    ),
}

PERSIAN_MALE: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("احمد", ("Ahmad", "Ahmed")),
    ("محمد", ("Mohammad", "Muhammad", "Mohammed")),
    ("علی", ("Ali",)),
    ("حسین", ("Hussain", "Hossein", "Husain")),
    ("رحیم", ("Rahim", "Raheem")),
    ("کریم", ("Karim", "Kareem")),
    ("جاوید", ("Jawid", "Javid", "Javed")),
    ("فرید", ("Farid", "Fareed")),
    ("حمید", ("Hamid", "Hameed")),
    ("نوید", ("Navid", "Naveed", "Nawid")),
    ("مسعود", ("Masoud", "Massoud", "Masood")),
    ("سهراب", ("Sohrab", "Suhrab")),
    ("شفیق", ("Shafiq", "Shafeeq")),
    ("ذبیح‌الله", ("Zabihullah", "Zabiullah", "Zabihollah")),
    ("نجیب‌الله", ("Najibullah", "Najeebullah")),
    ("عبدالله", ("Abdullah", "Abdulla")),
    ("امید", ("Omid", "Umid")),
    ("رضا", ("Reza", "Raza")),
    ("بصیر", ("Basir", "Baseer")),
    ("وحید", ("Wahid", "Vahid", "Waheed")),
    ("ناصر", ("Nasir", "Naser", "Nasser")),
    ("یوسف", ("Yousuf", "Yusuf", "Yosuf")),
)

PERSIAN_FEMALE: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("فاطمه", ("Fatima", "Fatemeh", "Fatema")),
    ("زهرا", ("Zahra",)),
    ("مریم", ("Maryam", "Mariam")),
    ("شبنم", ("Shabnam",)),
    ("فریبا", ("Fariba",)),
    ("نرگس", ("Nargis", "Narges")),
    ("لیلا", ("Laila", "Leila", "Layla")),
    ("پروانه", ("Parwana", "Parvaneh")),
    ("سمیرا", ("Samira", "Sameera")),
    ("ملالی", ("Malalai", "Malali")),
    ("زینب", ("Zainab", "Zeinab")),
    ("ستاره", ("Setara", "Sitara")),
    ("هما", ("Homa", "Huma")),
    ("نازنین", ("Nazanin",)),
    ("مینا", ("Mina", "Meena")),
    ("رحیمه", ("Rahima", "Raheema")),
    ("شکیلا", ("Shakila", "Shakeela")),
    ("فرزانه", ("Farzana", "Farzaneh")),
    ("صدف", ("Sadaf",)),
)

PERSIAN_FAMILY: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("احمدی", ("Ahmadi", "Ahmady")),
    ("محمدی", ("Mohammadi", "Muhammadi")),
    ("حسینی", ("Hussaini", "Hosseini", "Husaini")),
    ("رحیمی", ("Rahimi", "Raheemi")),
    ("کریمی", ("Karimi",)),
    ("هاشمی", ("Hashimi", "Hashemi")),
    ("نوری", ("Noori", "Nuri")),
    ("صدیقی", ("Sediqi", "Siddiqui", "Seddiqi")),
    ("ستانکزی", ("Stanikzai", "Stanekzai")),
    ("پوپل", ("Popal",)),
    ("درانی", ("Durrani", "Durani")),
    ("یوسفزی", ("Yousafzai", "Yusufzai")),
    ("عزیزی", ("Azizi", "Azizy")),
    ("قادری", ("Qaderi", "Qadiri")),
    ("حیدری", ("Haidari", "Heydari", "Haydari")),
    ("رضایی", ("Rezaei", "Rezaie", "Rezayee")),
    ("جعفری", ("Jafari", "Jafary", "Jaafari")),
    ("نظری", ("Nazari",)),
    ("امیری", ("Amiri", "Ameeri")),
    ("سلطانی", ("Sultani", "Soltani")),
    ("وردک", ("Wardak",)),
)

# Tigrinya (Eritrea); family names are the father's given name, so male given names double as family
TIGRINYA_MALE: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("ዮሃንስ", ("Yohannes", "Yohanes", "Johannes")),
    ("ተስፋይ", ("Tesfay", "Tesfai", "Tesfaye")),
    ("ሰለሞን", ("Solomon", "Selomon")),
    ("ዳዊት", ("Dawit", "Dawitt")),
    ("ኣማኑኤል", ("Amanuel", "Emmanuel", "Amanuiel")),
    ("ሚካኤል", ("Mikael", "Michael", "Mikiel")),
    ("ክብሮም", ("Kibrom", "Kbrom")),
    ("ሃብቶም", ("Habtom", "Habtoum")),
    ("ፍሰሃ", ("Fisseha", "Fsaha", "Fiseha")),
    ("ብርሃነ", ("Berhane", "Birhane", "Brhane")),
    ("መሓሪ", ("Mehari", "Meharie")),
    ("ሙሴ", ("Musie", "Muse", "Mussie")),
    ("ተኽለ", ("Tekle", "Tekleh")),
    ("ኣብርሃም", ("Abraham", "Abreham")),
    ("ሳምሶን", ("Samson", "Samsom")),
    ("ዮናስ", ("Yonas", "Jonas")),
    ("ሄኖክ", ("Henok", "Henoch")),
    ("ፊልሞን", ("Filmon", "Filimon")),
    ("ኤርምያስ", ("Ermias", "Ermiyas")),
    ("ሃይለ", ("Haile", "Hayle")),
    ("ኪዳነ", ("Kidane", "Kidaneh")),
    ("ወልዱ", ("Woldu", "Weldu")),
)

TIGRINYA_FEMALE: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("ሳባ", ("Saba",)),
    ("ሉላ", ("Lula",)),
    ("ሰላም", ("Selam", "Salam")),
    ("ፍዮሪ", ("Fiori", "Fyori")),
    ("ሳሮን", ("Saron", "Sharon")),
    ("ሄለን", ("Helen", "Helena")),
    ("ኤልሳ", ("Elsa",)),
    ("ዊንታ", ("Winta", "Wintana")),
    ("ኣበባ", ("Abeba", "Abebech")),
    ("ትርሓስ", ("Tirhas", "Trhas", "Tirhass")),
    ("ሃና", ("Hana", "Hanna")),
    ("ሩት", ("Ruth", "Rut")),
    ("ብርኽቲ", ("Brikti", "Berikti")),
    ("ዮርዳኖስ", ("Yordanos", "Yordanose")),
    ("ሊድያ", ("Lidia", "Lydia")),
    ("ሰናይት", ("Senait", "Senayt")),
    ("ሚርያም", ("Miriam", "Meriam")),
    ("ጽጌ", ("Tsige", "Tsighe")),
    ("ኣስቴር", ("Aster", "Astier")),
)

TIGRINYA_FAMILY_EXTRA: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("ገብረመድህን", ("Gebremedhin", "Ghebremedhin")),
    ("ወልደሚካኤል", ("Woldemichael", "Weldemikael", "Woldemikael")),
    ("ተወልደ", ("Tewelde", "Tewolde")),
    ("ገብረየሱስ", ("Gebreyesus", "Ghebreyesus")),
    ("ተስፋማርያም", ("Tesfamariam", "Tesfamaryam")),
    ("ሃብተ", ("Habte", "Habtey")),
    ("ዘርኡ", ("Zeru", "Zerou")),
    ("ንጉሰ", ("Negusse", "Nigusse")),
    ("ኣስመሮም", ("Asmerom", "Asmeroum")),
    ("ሃብተማርያም", ("Habtemariam", "Habtemaryam")),
    ("ገብረስላሴ", ("Gebreselassie", "Ghebreselasie")),
)

# Ukrainian given names and their Russian-style or English equivalents seen on older documents
UKRAINIAN_EQUIVALENTS: dict[str, tuple[str, ...]] = {
    "Олександр": ("Aleksandr", "Alexander"),
    "Андрій": ("Andrey", "Andrew"),
    "Дмитро": ("Dmitry", "Dmytro"),
    "Михайло": ("Mikhail", "Michael"),
    "Сергій": ("Sergey", "Sergii"),
    "Юрій": ("Yuriy", "Yury"),
    "Олексій": ("Aleksey", "Alexey"),
    "Юлія": ("Yulia", "Julia"),
    "Ольга": ("Olga",),
    "Наталія": ("Natalia", "Natalya"),
    "Катерина": ("Ekaterina", "Kateryna"),
    "Ірина": ("Irina", "Iryna"),
    "Олена": ("Elena", "Olena"),
    "Тетяна": ("Tatiana", "Tetiana"),
}

# surnames whose Chinese reading differs from the common one (anyascii gives the common reading)
CHINESE_SURNAME_PINYIN: dict[str, str] = {
    "单": "Shan",
    "曾": "Zeng",
    "区": "Ou",
    "仇": "Qiu",
    "解": "Xie",
    "朴": "Piao",
    "查": "Zha",
    "覃": "Qin",
    "缪": "Miao",
    "翟": "Zhai",
    "盖": "Ge",
    "乐": "Yue",
    "万俟": "Moqi",
    "尉迟": "Yuchi",
}

# city, province, (forward sortation areas), (area codes) -----------------------------------------

CITIES: tuple[tuple[str, str, tuple[str, ...], tuple[str, ...], float], ...] = (
    ("Toronto", "ON", ("M1B", "M2N", "M3C", "M4C", "M5V", "M6H", "M9V", "M1P"), ("416", "647", "437"), 0.20),
    ("Montréal", "QC", ("H1N", "H2X", "H3N", "H4A", "H1Z", "H3S"), ("514", "438"), 0.13),
    ("Ottawa", "ON", ("K1N", "K1V", "K1Z", "K2B", "K2G", "K1T"), ("613", "343"), 0.08),
    ("Calgary", "AB", ("T2E", "T3J", "T2A", "T3K"), ("403", "587", "825"), 0.08),
    ("Edmonton", "AB", ("T5H", "T5B", "T6L", "T5A"), ("780", "587"), 0.07),
    ("Vancouver", "BC", ("V5K", "V6A", "V5R", "V5X"), ("604", "778", "236"), 0.07),
    ("Surrey", "BC", ("V3W", "V3T", "V4N"), ("604", "778", "672"), 0.04),
    ("Winnipeg", "MB", ("R2W", "R3C", "R2X", "R3E"), ("204", "431"), 0.05),
    ("Mississauga", "ON", ("L5B", "L5M", "L4T"), ("905", "289", "365"), 0.04),
    ("Hamilton", "ON", ("L8L", "L8N", "L9C"), ("905", "289"), 0.03),
    ("London", "ON", ("N5V", "N6E", "N5Y"), ("519", "226", "548"), 0.03),
    ("Kitchener", "ON", ("N2G", "N2H", "N2M"), ("519", "226"), 0.02),
    ("Windsor", "ON", ("N9A", "N8X", "N9B"), ("519", "226"), 0.02),
    ("Halifax", "NS", ("B3K", "B3L", "B3H"), ("902", "782"), 0.02),
    ("Saskatoon", "SK", ("S7K", "S7L", "S7M"), ("306", "639"), 0.02),
    ("Regina", "SK", ("S4P", "S4T", "S4R"), ("306", "639"), 0.015),
    ("Québec", "QC", ("G1K", "G1L", "G1M"), ("418", "581"), 0.015),
    ("Gatineau", "QC", ("J8Y", "J8T", "J9A"), ("819", "873"), 0.015),
    ("Sherbrooke", "QC", ("J1H", "J1J", "J1E"), ("819", "873"), 0.01),
    ("Laval", "QC", ("H7N", "H7L", "H7W"), ("450", "579"), 0.01),
    ("Fredericton", "NB", ("E3B", "E3A", "E3C"), ("506",), 0.01),
    ("Moncton", "NB", ("E1C", "E1A", "E1E"), ("506",), 0.01),
    ("St. John's", "NL", ("A1C", "A1B", "A1E"), ("709",), 0.005),
    ("Charlottetown", "PE", ("C1A", "C1E"), ("902", "782"), 0.005),
    ("Sudbury", "ON", ("P3A", "P3C", "P3E"), ("705", "249"), 0.005),
    ("Thunder Bay", "ON", ("P7A", "P7B", "P7C"), ("807",), 0.005),
)

STREETS: tuple[str, ...] = (
    "Main Street",
    "King Street",
    "Queen Street",
    "Bank Street",
    "Rideau Street",
    "Somerset Street",
    "Jane Street",
    "Rue Sainte-Catherine",
    "Boulevard Saint-Laurent",
    "Avenue du Parc",
    "Portage Avenue",
    "Jasper Avenue",
    "Kingsway",
    "Commercial Drive",
    "Gottingen Street",
    "Victoria Avenue",
    "Elm Street",
    "Maple Avenue",
    "Dundas Street",
    "College Street",
)

# need texts: English always, the client's language for a few common needs ---------------------------

NEED_TEXTS_EN: dict[NeedDomain, tuple[str, ...]] = {
    NeedDomain.HOUSING: (
        "Looking for affordable housing; current place is temporary.",
        "Landlord dispute about the deposit.",
        "Family of five in a two-room apartment.",
    ),
    NeedDomain.EMPLOYMENT: (
        "Wants help with a résumé and finding work in their field.",
        "Foreign credentials need assessment before applying.",
        "Looking for part-time work near home.",
    ),
    NeedDomain.LANGUAGE: (
        "Wants English classes (LINC) close to home.",
        "Needs a language assessment (CLB) before classes.",
        "Wants French classes in the evening.",
    ),
    NeedDomain.EDUCATION: (
        "Children need school registration.",
        "Wants to finish high school equivalency.",
    ),
    NeedDomain.HEALTH: (
        "Needs a family doctor and help with the health card.",
        "Dental pain, no coverage yet.",
    ),
    NeedDomain.MENTAL_HEALTH: (
        "Trouble sleeping since arrival; open to counselling.",
        "Would like a support group in their language.",
    ),
    NeedDomain.LEGAL_IMMIGRATION: (
        "Questions about sponsoring a family member.",
        "Needs help preparing for the refugee hearing.",
        "Permanent residence card renewal.",
    ),
    NeedDomain.FINANCIAL: (
        "Needs a bank account and help with the Canada Child Benefit.",
        "Help filing taxes for the first time.",
    ),
    NeedDomain.CHILDCARE: ("Needs childcare so a parent can attend classes.",),
    NeedDomain.TRANSPORTATION: ("Needs a transit pass and help learning the routes.",),
    NeedDomain.COMMUNITY: (
        "Would like to meet families from the same community.",
        "Interested in volunteering.",
    ),
    NeedDomain.DIGITAL_SKILLS: (
        "Needs help using email and online forms.",
        "Has no computer at home.",
    ),
}

NEED_TEXTS_NATIVE: dict[str, dict[NeedDomain, str]] = {
    "ar": {
        NeedDomain.HOUSING: "أبحث عن سكن بسعر مناسب، السكن الحالي مؤقت.",
        NeedDomain.EMPLOYMENT: "أريد مساعدة في كتابة السيرة الذاتية وإيجاد عمل في مجالي.",
        NeedDomain.LANGUAGE: "أريد دروس لغة إنجليزية قريبة من البيت.",
        NeedDomain.HEALTH: "أحتاج طبيب عائلة ومساعدة في بطاقة التأمين الصحي.",
        NeedDomain.CHILDCARE: "أحتاج حضانة للأطفال حتى أستطيع حضور الدروس.",
    },
    "fa": {
        NeedDomain.HOUSING: "دنبال خانهٔ ارزان هستم؛ جای فعلی موقت است.",
        NeedDomain.EMPLOYMENT: "برای نوشتن رزومه و پیدا کردن کار در رشته‌ام کمک می‌خواهم.",
        NeedDomain.LANGUAGE: "کلاس زبان انگلیسی نزدیک خانه می‌خواهم.",
        NeedDomain.HEALTH: "به داکتر خانواده و کمک برای کارت صحی نیاز دارم.",
    },
    "uk": {
        NeedDomain.HOUSING: "Шукаю доступне житло; зараз живемо тимчасово.",
        NeedDomain.EMPLOYMENT: "Потрібна допомога з резюме та пошуком роботи за фахом.",
        NeedDomain.LANGUAGE: "Хочу відвідувати курси англійської поблизу дому.",
        NeedDomain.HEALTH: "Потрібен сімейний лікар і допомога з медичною карткою.",
        NeedDomain.CHILDCARE: "Потрібен дитячий садок, щоб ходити на курси.",
    },
    "es": {
        NeedDomain.HOUSING: "Busco vivienda asequible; donde vivo ahora es temporal.",
        NeedDomain.EMPLOYMENT: "Necesito ayuda con mi currículum y para encontrar trabajo en mi área.",
        NeedDomain.LANGUAGE: "Quiero clases de inglés cerca de casa.",
        NeedDomain.HEALTH: "Necesito un médico de familia y ayuda con la tarjeta de salud.",
        NeedDomain.CHILDCARE: "Necesito guardería para poder ir a clases.",
    },
    "zh": {
        NeedDomain.HOUSING: "正在找便宜的住房，现在住的是临时的。",
        NeedDomain.EMPLOYMENT: "需要帮助写简历，找本专业的工作。",
        NeedDomain.LANGUAGE: "想在家附近上英语课。",
        NeedDomain.HEALTH: "需要家庭医生，也需要办理医疗卡。",
        NeedDomain.CHILDCARE: "需要托儿服务，这样我可以去上课。",
    },
    "ti": {
        NeedDomain.HOUSING: "ገዛ የድልየኒ ኣሎ።",
        NeedDomain.EMPLOYMENT: "ስራሕ ንምርካብ ሓገዝ የድልየኒ።",
        NeedDomain.LANGUAGE: "ናይ እንግሊዝኛ ትምህርቲ እደሊ።",
    },
    "fr": {
        NeedDomain.HOUSING: "Je cherche un logement abordable; le logement actuel est temporaire.",
        NeedDomain.EMPLOYMENT: "J'ai besoin d'aide pour mon CV et pour trouver un emploi dans mon domaine.",
        NeedDomain.LANGUAGE: "Je voudrais des cours d'anglais près de chez moi.",
        NeedDomain.HEALTH: "J'ai besoin d'un médecin de famille et d'aide pour la carte santé.",
        NeedDomain.CHILDCARE: "J'ai besoin d'une garderie pour pouvoir suivre des cours.",
    },
}

ASSET_TEXTS_EN: tuple[str, ...] = (
    "Speaks three languages.",
    "Trained as a nurse; ten years of experience.",
    "Has a driving licence from the home country.",
    "Strong family support nearby.",
    "Worked as an electrician.",
    "University degree in accounting.",
    "Experienced cook; interested in catering.",
)

# case-note sentences a worker might write; {given} is the client's Latin given name
NOTE_TEMPLATES_EN: tuple[str, ...] = (
    "Met {given} at the office. Reviewed the settlement plan and updated the goals.",
    "Phone call with {given}: housing search ongoing, two viewings booked this week.",
    "Accompanied {given} to the bank to open an account; debit card arrives by mail.",
    "{given} attended the first LINC class and found it useful. Follow up in two weeks.",
    "Interpreter present. Discussed the health card application and clinic options.",
    "Referred {given} to the employment program; résumé draft reviewed together.",
    "Home visit: the family is settling in, children registered at the neighbourhood school.",
    "{given} asked about sponsoring a relative; gave the information sheet and the legal clinic's number.",
    "Text message reminder sent for tomorrow's appointment.",
    "Completed the needs assessment with {given}; priorities are housing and language.",
    "Follow-up on the referral: the agency has not called back yet, will check again Friday.",
    "{given} reports sleeping badly; offered the counselling referral, will think about it.",
    "Helped fill in the Canada Child Benefit application online.",
    "Missed appointment; left a voicemail to rebook.",
    "Tax clinic booked for March. {given} will bring the slips.",
)

NOTE_TEMPLATES_FR: tuple[str, ...] = (
    "Rencontre avec {given} au bureau. Plan d'établissement revu et objectifs mis à jour.",
    "Appel avec {given} : recherche de logement en cours, deux visites prévues cette semaine.",
    "{given} a commencé les cours de français; suivi dans deux semaines.",
    "Accompagné {given} à la banque pour ouvrir un compte.",
    "Rendez-vous manqué; message laissé pour le reprendre.",
)
