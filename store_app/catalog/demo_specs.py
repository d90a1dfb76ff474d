"""The demo catalog's specifications (pure data): the attributes of each section and subsection, and
how a demo product's value is chosen: read from its name when the name says it ("55\"", "256 ГБ",
"65W"), else drawn from believable values. The brand applies to every product and comes from the name.
"""

from __future__ import annotations

import dataclasses
import random
import re
from collections.abc import Callable

Pick = Callable[[str, random.Random], str | None]


@dataclasses.dataclass(frozen=True)
class Spec:
    code: str
    name: str
    kind: str  # an AttributeKind value
    group: str
    pick: Pick
    unit: str = ""
    choices: tuple[str, ...] = ()


BRANDS = [
    "Apple",
    "Samsung",
    "Xiaomi",
    "HONOR",
    "realme",
    "POCO",
    "Google",
    "Tecno",
    "Infinix",
    "Huawei",
    "Amazfit",
    "Garmin",
    "Lenovo",
    "ASUS",
    "Acer",
    "HP",
    "MSI",
    "LG",
    "AOC",
    "Dell",
    "Philips",
    "Logitech",
    "Keychron",
    "Razer",
    "HyperX",
    "Microsoft",
    "Kingston",
    "SanDisk",
    "WD",
    "Crucial",
    "Sony",
    "Bose",
    "Sennheiser",
    "JBL",
    "Marshall",
    "Nothing",
    "Tronsmart",
    "Yamaha",
    "Sber",
    "Haier",
    "TCL",
    "Hisense",
    "Яндекс",
    "XGIMI",
    "Epson",
    "Wanbo",
    "BenQ",
    "Ugoos",
    "VK",
    "Aqara",
    "Dreame",
    "Roborock",
    "iRobot",
    "Polaris",
    "Tefal",
    "TP-Link",
    "Imou",
    "Ezviz",
    "Canon",
    "Nikon",
    "Fujifilm",
    "GoPro",
    "DJI",
    "Insta360",
    "SJCAM",
    "Sigma",
    "Viltrox",
    "Tamron",
    "Anker",
    "Baseus",
    "Ugreen",
    "Belkin",
    "Spigen",
]
_BRAND_BY_FOLD = {brand.casefold(): brand for brand in BRANDS}


def brand_of(name: str) -> str | None:
    """The first word of the name that is a known brand ("SberBoom" counts as Sber)."""
    for word in re.findall(r"[\w-]+", name):
        folded = word.casefold()
        if folded in _BRAND_BY_FOLD:
            return _BRAND_BY_FOLD[folded]
        if folded.startswith("sber"):
            return "Sber"
    return None


def one_of(*values: str) -> Pick:
    return lambda _name, rng: rng.choice(values)


def mostly(value: str, other: str, share: float = 0.8) -> Pick:
    return lambda _name, rng: value if rng.random() < share else other


def from_name(pattern: str, fallback: Pick, convert: Callable[[str], str] = lambda found: found) -> Pick:
    """The first group of `pattern` in the name, else the fallback."""
    compiled = re.compile(pattern, re.IGNORECASE)

    def pick(name: str, rng: random.Random) -> str | None:
        found = compiled.search(name)
        return convert(found.group(1)) if found else fallback(name, rng)

    return pick


def by_word(choices: dict[str, str], default: str) -> Pick:
    """The choice whose key word the name contains (lower case), else `default`."""

    def pick(name: str, _rng: random.Random) -> str | None:
        folded = name.casefold()
        return next((value for word, value in choices.items() if word in folded), default)

    return pick


YES_NO = ("1", "0")
NUMBER, CHOICE, FLAG, TEXT = "number", "choice", "flag", "text"
COLOURS = ("Чёрный", "Белый", "Серебристый", "Синий", "Зелёный", "Графитовый")

NO_BRAND = "Без бренда"
BRAND = Spec(
    "brand",
    "Бренд",
    CHOICE,
    "Общие",
    lambda name, _rng: brand_of(name) or NO_BRAND,
    choices=(*sorted(BRANDS, key=str.casefold), NO_BRAND),
)

# Attributes of a whole section (inherited by its subsections).
SECTION_SPECS: dict[str, tuple[Spec, ...]] = {
    "smartphones-gadgets": (Spec("colour", "Цвет", CHOICE, "Общие", one_of(*COLOURS), choices=COLOURS),),
    "audio": (
        Spec("wireless", "Беспроводное подключение", FLAG, "Подключение", by_word({"bar": "0", "max": "1"}, "1")),
    ),
}

_GB = ("64 ГБ", "128 ГБ", "256 ГБ", "512 ГБ", "1 ТБ", "2 ТБ")

SUBSECTION_SPECS: dict[str, tuple[Spec, ...]] = {
    "smartphones": (
        Spec("phone_screen", "Диагональ экрана", NUMBER, "Экран", one_of("6.1", "6.4", "6.6", "6.7"), unit="″"),
        Spec(
            "phone_ram",
            "Оперативная память",
            CHOICE,
            "Память",
            one_of("8 ГБ", "12 ГБ"),
            choices=("6 ГБ", "8 ГБ", "12 ГБ", "16 ГБ"),
        ),
        Spec(
            "phone_storage",
            "Встроенная память",
            CHOICE,
            "Память",
            from_name(r"(\d+ ГБ)", one_of("128 ГБ")),
            choices=_GB[:4],
        ),
        Spec(
            "phone_battery",
            "Ёмкость аккумулятора",
            NUMBER,
            "Питание",
            one_of("3349", "4500", "5000", "5000", "5500"),
            unit="мА·ч",
        ),
        Spec("phone_nfc", "NFC", FLAG, "Связь", mostly("1", "0", 0.9)),
    ),
    "smart-watches": (
        Spec(
            "watch_case",
            "Размер корпуса",
            NUMBER,
            "Корпус",
            from_name(r"(\d\d) мм", one_of("42", "44", "46")),
            unit="мм",
        ),
        Spec("watch_gps", "GPS", FLAG, "Связь", mostly("1", "0")),
        Spec("watch_days", "Время работы", NUMBER, "Питание", one_of("2", "7", "10", "14"), unit="дн."),
        Spec(
            "watch_water",
            "Защита от воды",
            CHOICE,
            "Корпус",
            one_of("5 ATM", "IP68"),
            choices=("IP68", "5 ATM", "10 ATM"),
        ),
    ),
    "fitness-bands": (
        Spec("band_screen", "Тип экрана", CHOICE, "Экран", mostly("AMOLED", "LCD"), choices=("AMOLED", "LCD")),
        Spec("band_days", "Время работы", NUMBER, "Питание", one_of("10", "14", "16", "21"), unit="дн."),
        Spec("band_nfc", "NFC", FLAG, "Связь", mostly("0", "1", 0.6)),
    ),
    "tablets": (
        Spec(
            "tablet_screen",
            "Диагональ экрана",
            NUMBER,
            "Экран",
            from_name(r"(\d+(?:\.\d)?)(?: Wi-Fi| M2|$)", one_of("11", "12.4")),
            unit="″",
        ),
        Spec(
            "tablet_storage",
            "Встроенная память",
            CHOICE,
            "Память",
            from_name(r"(\d+ ГБ)", one_of("128 ГБ")),
            choices=_GB[:4],
        ),
        Spec("tablet_lte", "Сотовая связь (LTE)", FLAG, "Связь", mostly("0", "1", 0.7)),
    ),
    "laptops": (
        Spec(
            "laptop_screen",
            "Диагональ экрана",
            NUMBER,
            "Экран",
            from_name(r" (1[3-6])\b", one_of("14", "15.6", "16")),
            unit="″",
        ),
        Spec(
            "laptop_cpu",
            "Процессор",
            CHOICE,
            "Процессор",
            by_word(
                {"macbook": "Apple M2", "tuf": "AMD Ryzen 7", "katana": "Intel Core i7", "ideapad": "AMD Ryzen 5"},
                "Intel Core i5",
            ),
            choices=("Apple M2", "Intel Core i5", "Intel Core i7", "AMD Ryzen 5", "AMD Ryzen 7"),
        ),
        Spec(
            "laptop_ram",
            "Оперативная память",
            CHOICE,
            "Память",
            from_name(r"(\d+)(?:/| ГБ/)", one_of("16"), lambda n: f"{n} ГБ"),
            choices=("8 ГБ", "16 ГБ", "32 ГБ"),
        ),
        Spec(
            "laptop_ssd",
            "Объём SSD",
            CHOICE,
            "Память",
            from_name(r"/(\d+ ТБ|512 ГБ)$", one_of("512 ГБ")),
            choices=("256 ГБ", "512 ГБ", "1 ТБ"),
        ),
        Spec("laptop_weight", "Вес", NUMBER, "Корпус", one_of("1.24", "1.6", "1.7", "2.1", "2.3"), unit="кг"),
    ),
    "monitors": (
        Spec(
            "monitor_screen",
            "Диагональ",
            NUMBER,
            "Экран",
            from_name(r"(\d\d(?:\.\d)?)\"", one_of("27", "23.8")),
            unit="″",
        ),
        Spec("monitor_hz", "Частота обновления", NUMBER, "Экран", one_of("75", "144", "165", "170"), unit="Гц"),
        Spec(
            "monitor_panel", "Тип матрицы", CHOICE, "Экран", one_of("IPS", "IPS", "VA"), choices=("IPS", "VA", "OLED")
        ),
        Spec(
            "monitor_resolution",
            "Разрешение",
            CHOICE,
            "Экран",
            one_of("1920×1080", "2560×1440"),
            choices=("1920×1080", "2560×1440", "3840×2160"),
        ),
    ),
    "keyboards-mice": (
        Spec(
            "input_type",
            "Тип",
            CHOICE,
            "Общие",
            by_word({"набор": "Комплект", "мышь": "Мышь"}, "Клавиатура"),
            choices=("Клавиатура", "Мышь", "Комплект"),
        ),
        Spec(
            "input_link",
            "Подключение",
            CHOICE,
            "Подключение",
            one_of("Bluetooth", "Радиоканал", "Проводное"),
            choices=("Проводное", "Bluetooth", "Радиоканал"),
        ),
        Spec("input_gaming", "Игровая", FLAG, "Общие", by_word({"игров": "1"}, "0")),
    ),
    "storage": (
        Spec(
            "drive_type",
            "Тип",
            CHOICE,
            "Общие",
            by_word(
                {
                    "внешний ssd": "Внешний SSD",
                    "внешний диск": "Внешний HDD",
                    "флешка": "Флешка",
                    "карта": "Карта памяти",
                },
                "Внутренний SSD",
            ),
            choices=("Внутренний SSD", "Внешний SSD", "Внешний HDD", "Флешка", "Карта памяти"),
        ),
        Spec("drive_capacity", "Объём", CHOICE, "Память", from_name(r"(\d+ [ГТ]Б)", one_of("1 ТБ")), choices=_GB),
        Spec(
            "drive_interface",
            "Интерфейс",
            CHOICE,
            "Подключение",
            by_word({"внешний": "USB 3.2", "флешка": "USB 3.0", "карта": "microSD"}, "PCIe 4.0 NVMe"),
            choices=("PCIe 4.0 NVMe", "USB 3.2", "USB 3.0", "microSD"),
        ),
    ),
    "headphones": (
        Spec("headphones_nc", "Активное шумоподавление", FLAG, "Звук", by_word({"major": "0"}, "1")),
        Spec("headphones_hours", "Время работы", NUMBER, "Питание", one_of("20", "30", "35", "50", "80"), unit="ч"),
        Spec(
            "headphones_fit",
            "Конструкция",
            CHOICE,
            "Общие",
            one_of("Полноразмерные", "Накладные"),
            choices=("Полноразмерные", "Накладные"),
        ),
    ),
    "earbuds": (
        Spec("earbuds_nc", "Активное шумоподавление", FLAG, "Звук", by_word({"pro": "1", "xm5": "1"}, "0")),
        Spec("earbuds_hours", "Время работы с кейсом", NUMBER, "Питание", one_of("24", "28", "30", "36"), unit="ч"),
        Spec(
            "earbuds_water",
            "Защита от влаги",
            CHOICE,
            "Общие",
            one_of("IPX4", "IP54", "IPX5"),
            choices=("IPX4", "IPX5", "IP54"),
        ),
    ),
    "speakers": (
        Spec("speaker_watts", "Мощность", NUMBER, "Звук", one_of("4.2", "20", "30", "40"), unit="Вт"),
        Spec("speaker_hours", "Время работы", NUMBER, "Питание", one_of("5", "12", "20"), unit="ч"),
        Spec(
            "speaker_water", "Защита от воды", CHOICE, "Общие", one_of("IP67", "IPX7"), choices=("IP54", "IP67", "IPX7")
        ),
    ),
    "soundbars": (
        Spec("soundbar_watts", "Мощность", NUMBER, "Звук", one_of("100", "220", "320", "360"), unit="Вт"),
        Spec(
            "soundbar_channels",
            "Каналы",
            CHOICE,
            "Звук",
            one_of("2.0", "2.1", "3.1", "5.1"),
            choices=("2.0", "2.1", "3.1", "5.1"),
        ),
        Spec("soundbar_sub", "Сабвуфер", FLAG, "Звук", mostly("1", "0", 0.6)),
    ),
    "tv": (
        Spec("tv_screen", "Диагональ", NUMBER, "Экран", from_name(r"(\d\d)\"", one_of("55")), unit="″"),
        Spec(
            "tv_resolution",
            "Разрешение",
            CHOICE,
            "Экран",
            by_word({'32"': "HD"}, "4K UHD"),
            choices=("HD", "Full HD", "4K UHD"),
        ),
        Spec(
            "tv_panel",
            "Тип матрицы",
            CHOICE,
            "Экран",
            by_word({"oled": "OLED", "qled": "QLED", "tcl": "QLED"}, "LED"),
            choices=("LED", "QLED", "OLED"),
        ),
        Spec(
            "tv_platform",
            "Smart TV",
            CHOICE,
            "Возможности",
            by_word(
                {
                    "samsung": "Tizen",
                    "lg": "webOS",
                    "sony": "Google TV",
                    "яндекс": "Яндекс ТВ",
                    "sber": "Салют ТВ",
                    "hisense": "VIDAA",
                },
                "Google TV",
            ),
            choices=("Tizen", "webOS", "Google TV", "Яндекс ТВ", "Салют ТВ", "VIDAA"),
        ),
        Spec("tv_hz", "Частота обновления", NUMBER, "Экран", one_of("50", "60", "60", "120"), unit="Гц"),
    ),
    "projectors": (
        Spec(
            "projector_resolution",
            "Разрешение",
            CHOICE,
            "Изображение",
            one_of("Full HD", "Full HD", "4K"),
            choices=("Full HD", "4K"),
        ),
        Spec("projector_lumens", "Яркость", NUMBER, "Изображение", one_of("500", "900", "1500", "2000"), unit="лм"),
        Spec("projector_smart", "Smart-платформа", FLAG, "Возможности", mostly("1", "0")),
    ),
    "tv-boxes": (
        Spec(
            "box_resolution", "Разрешение", CHOICE, "Изображение", mostly("4K", "1080p", 0.85), choices=("1080p", "4K")
        ),
        Spec(
            "box_os",
            "Платформа",
            CHOICE,
            "Возможности",
            by_word({"apple": "tvOS", "яндекс": "Яндекс ТВ", "sber": "Салют ТВ", "google": "Google TV"}, "Android TV"),
            choices=("Android TV", "Google TV", "tvOS", "Яндекс ТВ", "Салют ТВ"),
        ),
        Spec("box_voice", "Голосовое управление", FLAG, "Возможности", mostly("1", "0")),
    ),
    "smart-speakers": (
        Spec(
            "assistant",
            "Голосовой помощник",
            CHOICE,
            "Возможности",
            by_word({"vk": "Маруся", "sber": "Салют"}, "Алиса"),
            choices=("Алиса", "Маруся", "Салют"),
        ),
        Spec("speaker_hub", "Zigbee-хаб", FLAG, "Возможности", by_word({"макс": "1", "миди": "1"}, "0")),
        Spec("smart_speaker_watts", "Мощность", NUMBER, "Звук", one_of("5", "10", "30", "65"), unit="Вт"),
    ),
    "smart-lights": (
        Spec(
            "smart_device",
            "Устройство",
            CHOICE,
            "Общие",
            by_word({"розетка": "Розетка", "лента": "Лента", "выключатель": "Выключатель"}, "Лампа"),
            choices=("Лампа", "Розетка", "Лента", "Выключатель"),
        ),
        Spec(
            "ecosystem",
            "Экосистема",
            CHOICE,
            "Возможности",
            by_word({"яндекс": "Яндекс", "sber": "Салют", "philips": "Philips Hue", "aqara": "Apple Home"}, "Mi Home"),
            choices=("Яндекс", "Салют", "Mi Home", "Apple Home", "Philips Hue"),
        ),
        Spec("smart_watts", "Мощность", NUMBER, "Питание", one_of("8", "9", "10", "16"), unit="Вт"),
    ),
    "robot-vacuums": (
        Spec("vacuum_mop", "Влажная уборка", FLAG, "Уборка", mostly("1", "0")),
        Spec("vacuum_pa", "Мощность всасывания", NUMBER, "Уборка", one_of("2500", "4000", "5300", "6000"), unit="Па"),
        Spec("vacuum_minutes", "Время работы", NUMBER, "Питание", one_of("120", "150", "180"), unit="мин"),
        Spec(
            "vacuum_station",
            "Станция самоочистки",
            FLAG,
            "Уборка",
            by_word({"plus": "1", "combo": "1", "s8": "1"}, "0"),
        ),
    ),
    "security-cameras": (
        Spec(
            "camera_resolution",
            "Разрешение",
            CHOICE,
            "Изображение",
            one_of("1080p", "2K", "3K"),
            choices=("1080p", "2K", "3K"),
        ),
        Spec("camera_outdoor", "Уличная", FLAG, "Общие", by_word({"outdoor": "1", "ranger": "0"}, "0")),
        Spec("camera_night", "Ночная съёмка", FLAG, "Изображение", mostly("1", "0", 0.95)),
    ),
    "cameras": (
        Spec(
            "camera_sensor",
            "Матрица",
            CHOICE,
            "Матрица",
            by_word({"instax": "Моментальная печать"}, "APS-C"),
            choices=("APS-C", "Полный кадр", "Моментальная печать"),
        ),
        Spec("camera_mp", "Разрешение матрицы", NUMBER, "Матрица", one_of("24.2", "26.1", "20.9"), unit="Мп"),
        Spec(
            "camera_mount",
            "Байонет",
            CHOICE,
            "Оптика",
            by_word(
                {
                    "eos r": "Canon RF",
                    "250d": "Canon EF-S",
                    "sony": "Sony E",
                    "nikon": "Nikon Z",
                    "x-t30": "Fujifilm X",
                },
                "Нет",
            ),
            choices=("Canon RF", "Canon EF-S", "Sony E", "Nikon Z", "Fujifilm X", "Нет"),
        ),
    ),
    "action-cameras": (
        Spec(
            "action_video",
            "Видео",
            CHOICE,
            "Съёмка",
            one_of("4K 60 к/с", "5.3K 60 к/с", "5.7K 30 к/с"),
            choices=("4K 60 к/с", "5.3K 60 к/с", "5.7K 30 к/с"),
        ),
        Spec("action_depth", "Погружение без бокса", NUMBER, "Корпус", one_of("10", "18", "33"), unit="м"),
        Spec("action_stabilizer", "Стабилизация", FLAG, "Съёмка", mostly("1", "0", 0.9)),
    ),
    "lenses": (
        Spec(
            "lens_mount",
            "Байонет",
            CHOICE,
            "Оптика",
            by_word({"canon": "Canon RF", "sony": "Sony E", "nikon": "Nikon Z", " x": "Fujifilm X"}, "Sony E"),
            choices=("Canon RF", "Sony E", "Nikon Z", "Fujifilm X"),
        ),
        Spec(
            "lens_aperture",
            "Максимальная диафрагма",
            NUMBER,
            "Оптика",
            from_name(r"f/(\d(?:\.\d)?)", one_of("1.8")),
        ),
        Spec("lens_zoom", "Зум-объектив", FLAG, "Оптика", from_name(r"(\d+-\d+)mm", one_of("0"), lambda _found: "1")),
    ),
    "chargers": (
        Spec("charger_watts", "Мощность", NUMBER, "Питание", from_name(r"(\d+)W", one_of("20")), unit="Вт"),
        Spec("charger_usb_c", "Порты USB-C", NUMBER, "Подключение", one_of("1", "1", "2", "3"), unit="шт."),
        Spec("charger_gan", "GaN", FLAG, "Питание", by_word({"gan": "1", "anker": "1"}, "0")),
    ),
    "power-banks": (
        Spec("bank_capacity", "Ёмкость", NUMBER, "Питание", from_name(r"(\d{4,5})", one_of("5000")), unit="мА·ч"),
        Spec("bank_watts", "Мощность", NUMBER, "Питание", from_name(r"(\d+(?:\.\d)?)W", one_of("18", "20")), unit="Вт"),
        Spec("bank_wireless", "Беспроводная зарядка", FLAG, "Подключение", by_word({"magsafe": "1"}, "0")),
    ),
    "cables": (
        Spec(
            "cable_length",
            "Длина",
            NUMBER,
            "Общие",
            from_name(r"(\d(?:\.\d)?) м(?!м)", one_of("0.15", "0.2")),
            unit="м",
        ),
        Spec(
            "cable_ends",
            "Разъёмы",
            TEXT,
            "Подключение",
            from_name(
                r"(USB-C — [\w. ]+?)(?: \d| Anker| 4K|$)",
                by_word({"hdmi 2.1": "HDMI — HDMI", "хаб": "USB-C — USB-A, HDMI, SD"}, "USB-C — USB-C"),
            ),
        ),
        Spec("cable_braided", "Оплётка", FLAG, "Общие", by_word({"anker": "1", "100w": "1"}, "0")),
    ),
    "cases": (
        Spec("case_for", "Совместимость", TEXT, "Общие", from_name(r"для (.+)$", one_of("iPhone 15"))),
        Spec(
            "case_material",
            "Материал",
            CHOICE,
            "Общие",
            by_word(
                {"стекло": "Стекло", "силикон": "Силикон", "книжка": "Экокожа", "сумка": "Полиэстер"}, "Поликарбонат"
            ),
            choices=("Силикон", "Поликарбонат", "Стекло", "Экокожа", "Полиэстер"),
        ),
        Spec("case_magsafe", "Поддержка MagSafe", FLAG, "Общие", by_word({"iphone 15": "1"}, "0")),
    ),
}
