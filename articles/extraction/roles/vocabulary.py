"""The words a role is made of: the positions, the bodies, and what each word can be."""

import functools
import re

from articles.text import morph


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Lemmas as pymorphy3 gives them; "вице-" and "экс-" forms of each are positions too.
POSITIONS = _words(
    """
    президент премьер-министр премьер министр замминистра секретарь госсекретарь генсек
    директор гендиректор глава председатель зампред зампредседателя сопредседатель
    заместитель замглавы член депутат сенатор аким посол спикер губернатор мэр руководитель
    советник помощник пресс-секретарь представитель полпред спецпредставитель начальник
    командующий главнокомандующий главком канцлер король королева принц шейх эмир султан
    лидер основатель управляющий заведующий прокурор генпрокурор судья омбудсмен
    уполномоченный консул атташе ректор декан координатор комиссар руководительница
    председательница начальница политолог экономист аналитик эксперт журналист
    корреспондент обозреватель
    """
)
_POSITION_PREFIXES = ("вице-", "экс-")

# An organization noun made singular names one body, so it takes a capital:
# "секретари советов безопасности" -> "секретарь Совета безопасности".
ORGANIZATION_NOUNS = _words(
    """
    совет госсовет комитет министерство агентство парламент правительство администрация
    суд палата собрание сенат дума мажилис сейм хурал меджлис комиссия служба управление
    департамент штаб генштаб прокуратура ведомство
    """
)
# Nouns that name one thing per person but stay lower-case: "главы государств" -> "глава
# государства".
_COUNTED_NOUNS = _words(
    """
    государство страна область регион город район округ провинция штат республика
    делегация компания банк фонд университет партия организация
    """
)
_ROLE_PREPOSITIONS = frozenset({"по", "при", "в", "во"})
_DASHES = frozenset({"—", "–", "-"})
_WORD = re.compile(r"[A-Za-zА-Яа-яЁё]+(?:-[A-Za-zА-Яа-яЁё]+)*")
_MAX_UNITS = 30
_MAX_QUOTED = 8
_CLOSING = frozenset({",", ".", ";", ":", ")", "!", "?", "»"})


@functools.lru_cache(maxsize=20_000)
def _word_facts(word: str) -> tuple[bool, bool, bool, bool]:
    position = adjective = genitive = noun = False
    for parse in morph.parses(word):
        tags = morph.grammemes(parse)
        if "NOUN" in tags:
            noun = True
            position = position or _is_position_lemma(parse.normal_form)
            genitive = genitive or "gent" in tags or "Fixd" in tags
        elif tags & {"ADJF", "PRTF"} and "Apro" not in tags:
            adjective = True
    return position, adjective, genitive, noun


def _is_position_lemma(lemma: str) -> bool:
    if lemma in POSITIONS:
        return True
    return any(lemma.startswith(p) and lemma[len(p) :] in POSITIONS for p in _POSITION_PREFIXES)


def title_length(written: str) -> int:
    # How many characters of a name the model tagged are a title: "Аким " in "Аким
    # Туркестанской области", "Генеральный секретарь " in "Генеральный секретарь ООН".
    for match in re.finditer(r"\S+", written):
        word = match.group()
        if is_position_word(word):
            rest = written[match.end() :]
            return match.end() + len(rest) - len(rest.lstrip())
        if not is_adjective_word(word):
            return 0
    return 0


def is_position_word(word: str) -> bool:
    return _word_facts(word.lower())[0]


def is_adjective_word(word: str) -> bool:
    return _word_facts(word.lower())[1]
