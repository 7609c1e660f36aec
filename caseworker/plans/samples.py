"""Synthetic plans for samples, tests and benchmarks (no real person's data).

The client-language sentences are short machine-quality translations of the English ones, written for
this purpose: they exercise each script (joining, conjuncts, Ge'ez, CJK) in realistic lengths.
"""

from __future__ import annotations

import datetime as dt

from caseworker.plans.model import (
    Action,
    AgencyHeader,
    Appointment,
    ClientSummary,
    Goal,
    ItemKind,
    NeedItem,
    Owner,
    PersonName,
    PlanDocument,
    Referral,
    WorkerText,
)

EN = (
    "Find a two-bedroom apartment near the children's school before the lease at the hotel ends.",
    "Register for language classes (LINC level 3), evenings, with childcare on site.",
    "Apply for the Canada Child Benefit and open a bank account.",
    "Book a first appointment with a family doctor; bring the health card and the vaccination record.",
)

# language -> (native name, (four sentences translating EN))
SAMPLE_TEXT: dict[str, tuple[str, tuple[str, str, str, str]]] = {
    "ar": (
        "أمل حداد",
        (
            "إيجاد شقة من غرفتي نوم قرب مدرسة الأطفال قبل انتهاء الإقامة في الفندق.",
            "التسجيل في دروس اللغة (LINC المستوى 3) مساءً، مع رعاية أطفال في المكان.",
            "التقدم بطلب إعانة الطفل الكندية وفتح حساب مصرفي.",
            "حجز أول موعد مع طبيب الأسرة؛ إحضار البطاقة الصحية وسجل التطعيم.",
        ),
    ),
    "fa": (
        "مریم احمدی",
        (
            "پیدا کردن یک آپارتمان دوخوابه نزدیک مدرسهٔ بچه‌ها پیش از پایان اقامت در هتل.",
            "ثبت‌نام در کلاس‌های زبان (LINC سطح 3)، عصرها، با مهدکودک در محل.",
            "درخواست کمک‌هزینهٔ فرزند کانادا و باز کردن حساب بانکی.",
            "گرفتن اولین وقت با پزشک خانواده؛ کارت سلامت و کارت واکسن را بیاورید.",
        ),
    ),
    "ps": (
        "ښکلې احمدزۍ",
        (
            "د ماشومانو ښوونځي ته نږدې دوه خونې اپارتمان پیدا کول مخکې له دې چې په هوټل کې اوسېدل پای ته ورسېږي.",  # noqa: E501
            "د ژبې ټولګیو (LINC کچه 3) لپاره نوم لیکنه، ماښامونه، په ځای کې د ماشومانو پالنه.",
            "د کاناډا د ماشوم ګټې لپاره غوښتنه او د بانک حساب پرانیستل.",
            "د کورنۍ ډاکټر سره لومړۍ کتنه ټاکل؛ روغتیايي کارت او د واکسین ریکارډ راوړئ.",
        ),
    ),
    "ur": (
        "عائشہ خان",
        (
            "ہوٹل میں قیام ختم ہونے سے پہلے بچوں کے اسکول کے قریب دو بیڈروم کا اپارٹمنٹ تلاش کرنا۔",
            "زبان کی کلاسوں (LINC لیول 3) میں داخلہ، شام کے وقت، وہیں بچوں کی دیکھ بھال کے ساتھ۔",
            "کینیڈا چائلڈ بینیفٹ کے لیے درخواست دینا اور بینک اکاؤنٹ کھولنا۔",
            "فیملی ڈاکٹر سے پہلی ملاقات طے کرنا؛ ہیلتھ کارڈ اور ویکسینیشن ریکارڈ ساتھ لائیں۔",
        ),
    ),
    "ti": (
        "ሳባ ተስፋይ",
        (
            "ኣብ ሆተል ዘሎ መንበሪ ቅድሚ ምውዳኡ ኣብ ጥቓ ቤት ትምህርቲ ቆልዑ ክልተ መደቀሲ ዘለዎ ገዛ ምድላይ።",
            "ንትምህርቲ ቋንቋ (LINC ደረጃ 3) ምምዝጋብ፣ ምሸት፣ ኣብቲ ቦታ ክንክን ቆልዑ ዘለዎ።",
            "ንናይ ካናዳ ረብሓ ቆልዑ ምሕታት ከምኡ'ውን ናይ ባንኪ ሕሳብ ምኽፋት።",
            "ምስ ሓኪም ስድራቤት ቀዳማይ ቆጸራ ምሓዝ፤ ካርድ ጥዕናን መዝገብ ክታበትን ኣምጽኡ።",
        ),
    ),
    "am": (
        "ሄለን አበበ",
        (
            "በሆቴሉ ያለው ቆይታ ከማለቁ በፊት ከልጆቹ ትምህርት ቤት አጠገብ ባለ ሁለት መኝታ አፓርታማ መፈለግ።",
            "ለቋንቋ ትምህርት (LINC ደረጃ 3) መመዝገብ፣ ምሽት፣ በቦታው የሕፃናት እንክብካቤ ያለው።",
            "ለካናዳ የልጆች ድጎማ ማመልከት እና የባንክ ሂሳብ መክፈት።",
            "ከቤተሰብ ሐኪም ጋር የመጀመሪያ ቀጠሮ መያዝ፤ የጤና ካርዱን እና የክትባት መዝገቡን ይዘው ይምጡ።",
        ),
    ),
    "uk": (
        "Олена Коваленко",
        (
            "Знайти двокімнатну квартиру біля школи дітей до закінчення проживання в готелі.",
            "Записатися на мовні курси (LINC рівень 3), вечорами, з доглядом за дітьми на місці.",
            "Подати заяву на Canada Child Benefit і відкрити банківський рахунок.",
            "Записатися на перший прийом до сімейного лікаря; взяти медичну картку та запис про щеплення.",
        ),
    ),
    "ru": (
        "Анна Смирнова",
        (
            "Найти квартиру с двумя спальнями рядом со школой детей до окончания проживания в гостинице.",
            "Записаться на языковые курсы (LINC уровень 3), вечером, с присмотром за детьми на месте.",
            "Подать заявление на Canada Child Benefit и открыть банковский счёт.",
            "Записаться на первый приём к семейному врачу; взять медицинскую карту и сертификат прививок.",
        ),
    ),
    "es": (
        "María José Pérez",
        (
            "Encontrar un apartamento de dos dormitorios cerca de la escuela de los niños antes de dejar el hotel.",  # noqa: E501
            "Inscribirse en clases de idioma (LINC nivel 3), por la tarde, con cuidado infantil en el lugar.",
            "Solicitar la prestación Canada Child Benefit y abrir una cuenta bancaria.",
            "Pedir una primera cita con un médico de familia; traer la tarjeta sanitaria y el registro de vacunas.",  # noqa: E501
        ),
    ),
    "zh_Hans": (
        "王丽华",
        (
            "在酒店住宿结束前，在孩子学校附近找到一套两居室公寓。",
            "报名参加语言课程（LINC 3 级），晚上上课，现场提供托儿服务。",
            "申请加拿大儿童福利金并开设银行账户。",
            "预约家庭医生的首次就诊；请携带健康卡和疫苗接种记录。",
        ),
    ),
    "pa": (
        "ਹਰਪ੍ਰੀਤ ਕੌਰ",
        (
            "ਹੋਟਲ ਵਿੱਚ ਰਹਿਣ ਦੀ ਮਿਆਦ ਖ਼ਤਮ ਹੋਣ ਤੋਂ ਪਹਿਲਾਂ ਬੱਚਿਆਂ ਦੇ ਸਕੂਲ ਨੇੜੇ ਦੋ ਬੈੱਡਰੂਮ ਵਾਲਾ ਅਪਾਰਟਮੈਂਟ ਲੱਭਣਾ।",
            "ਭਾਸ਼ਾ ਦੀਆਂ ਕਲਾਸਾਂ (LINC ਪੱਧਰ 3) ਲਈ ਰਜਿਸਟ੍ਰੇਸ਼ਨ, ਸ਼ਾਮ ਨੂੰ, ਉੱਥੇ ਹੀ ਬੱਚਿਆਂ ਦੀ ਦੇਖਭਾਲ ਨਾਲ।",
            "ਕੈਨੇਡਾ ਚਾਈਲਡ ਬੈਨੀਫ਼ਿਟ ਲਈ ਅਰਜ਼ੀ ਦੇਣਾ ਅਤੇ ਬੈਂਕ ਖਾਤਾ ਖੋਲ੍ਹਣਾ।",
            "ਫੈਮਿਲੀ ਡਾਕਟਰ ਨਾਲ ਪਹਿਲੀ ਮੁਲਾਕਾਤ ਤੈਅ ਕਰਨਾ; ਸਿਹਤ ਕਾਰਡ ਅਤੇ ਟੀਕਾਕਰਨ ਰਿਕਾਰਡ ਨਾਲ ਲਿਆਓ।",
        ),
    ),
    "hi": (
        "प्रिया शर्मा",
        (
            "होटल में रहने की अवधि ख़त्म होने से पहले बच्चों के स्कूल के पास दो शयनकक्ष वाला अपार्टमेंट ढूँढना।",
            "भाषा कक्षाओं (LINC स्तर 3) में पंजीकरण, शाम को, वहीं बच्चों की देखभाल के साथ।",
            "कनाडा चाइल्ड बेनिफ़िट के लिए आवेदन करना और बैंक खाता खोलना।",
            "फ़ैमिली डॉक्टर के साथ पहली मुलाक़ात तय करना; स्वास्थ्य कार्ड और टीकाकरण रिकॉर्ड साथ लाएँ।",
        ),
    ),
    "tl": (
        "",
        (
            "Maghanap ng apartment na may dalawang kuwarto malapit sa paaralan ng mga bata bago matapos ang hotel.",  # noqa: E501
            "Magpatala sa klase ng wika (LINC antas 3), tuwing gabi, may alaga sa bata sa lugar.",
            "Mag-apply para sa Canada Child Benefit at magbukas ng bank account.",
            "Magpa-iskedyul ng unang appointment sa family doctor; dalhin ang health card at talaan ng bakuna.",  # noqa: E501
        ),
    ),
    "so": (
        "",
        (
            "Raadi guri laba qol jiif leh oo u dhow dugsiga carruurta ka hor inta aan hoteelka la dhammaan.",
            "Isdiiwaangeli fasallada luqadda (LINC heerka 3), fiidkii, oo leh daryeel carruur goobta.",
            "Codso Canada Child Benefit oo fur akoon bangi.",
            "Ballan kowaad la qabso dhakhtarka qoyska; keen kaarka caafimaadka iyo diiwaanka tallaalka.",
        ),
    ),
}

LATIN_NAMES = {
    "ar": "Amal Haddad",
    "fa": "Maryam Ahmadi",
    "ps": "Shkula Ahmadzai",
    "ur": "Ayesha Khan",
    "ti": "Saba Tesfay",
    "am": "Helen Abebe",
    "uk": "Olena Kovalenko",
    "ru": "Anna Smirnova",
    "es": "María José Pérez",
    "zh_Hans": "Wang Lihua",
    "pa": "Harpreet Kaur",
    "hi": "Priya Sharma",
    "tl": "Maria Santos",
    "so": "Hodan Warsame",
}


def sample_plan(language: str, *, index: int = 0, long: bool = False) -> PlanDocument:
    """A realistic synthetic plan for a client speaking ``language`` (two to three pages, more with ``long``)."""  # noqa: E501
    native, texts = SAMPLE_TEXT.get(language, ("", EN))
    wt = [WorkerText(e, t) for e, t in zip(EN, texts, strict=True)]
    base = dt.date(2026, 11, 2)
    needs = (
        NeedItem("housing", wt[0]),
        NeedItem("language", wt[1]),
        NeedItem("financial", wt[2]),
        NeedItem("health", wt[3]),
        NeedItem(
            "employment",
            WorkerText("Worked 8 years as an accountant; speaks three languages.", None),
            ItemKind.ASSET,
        ),
    )
    goals = tuple(Goal(w, base + dt.timedelta(days=30 * (i + 1))) for i, w in enumerate(wt))
    actions = (
        Action(wt[0], Owner.BOTH, due=base + dt.timedelta(days=14)),
        Action(wt[1], Owner.CLIENT, due=base + dt.timedelta(days=7)),
        Action(wt[2], Owner.WORKER, due=base + dt.timedelta(days=10), done=True),
        Action(wt[3], Owner.CLIENT, due=base + dt.timedelta(days=21)),
    )
    referrals = (
        Referral(
            "Northside Community Health Centre",
            WorkerText("Family doctor intake", texts[3]),
            contact_name="Intake desk",
            phone="+1 416-555-0142",
            email="intake@example.org",
            address="120 Example Street, Unit 4, Toronto ON M5V 2T6",
            follow_up=base + dt.timedelta(days=28),
        ),
        Referral(
            "Language Assessment Centre",
            WorkerText("CLB assessment before LINC registration", texts[1]),
            phone="+1 416-555-0178",
            follow_up=base + dt.timedelta(days=12),
        ),
    )
    notes: tuple[WorkerText, ...] = ()
    if long:
        notes = tuple(WorkerText(" ".join(EN), " ".join(texts)) for _ in range(6))
    return PlanDocument(
        agency=AgencyHeader(
            "Riverside Newcomer Settlement Services",
            ("200 Sample Avenue, Toronto ON M4K 1A1",),
            phone="+1 416-555-0100",
            email="info@example.org",
        ),
        client=ClientSummary(
            client_id=f"C-2026-{index:05d}",
            name=PersonName(LATIN_NAMES.get(language, "Sam Example"), native or None),
            date_of_birth=dt.date(1988, 4, 17),
            uci="1234-5678",
            language_code=language,
            arrival_date=dt.date(2026, 9, 30),
            household_size=4,
        ),
        plan_date=base,
        worker_name="Jordan Lee",
        needs=needs,
        goals=goals,
        actions=actions,
        referrals=referrals,
        next_appointment=Appointment(
            dt.datetime(2026, 11, 16, 10, 30), WorkerText("Agency office, room 2", None), "Jordan Lee"
        ),
        notes=notes,
        interpreter_name="",
    )
