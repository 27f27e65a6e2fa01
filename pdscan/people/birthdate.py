"""Birth dates from Norwegian national identity numbers, so a scan can say how many of the people are children.

Fødselsnummer DDMMYY III CC: the individual number III gives the century (Skatteetaten's rules):
000-499 -> 1900-1999; 500-749 with YY 54-99 -> 1854-1899; 500-999 with YY 00-39 -> 2000-2039;
900-999 with YY 40-99 -> 1940-1999. A D-number has 4 added to the first digit of the day, an H-number 4 to the
first digit of the month; Tenor's synthetic numbers add 8 to the month's first digit. FH-numbers (first digit 8
or 9) carry no birth date.
"""
from __future__ import annotations

import re
from datetime import date

# Entities whose values are Norwegian national identity numbers (fødselsnummer, D-, H-number).
NATIONAL_ID_ENTITIES = {"NO_FODSELSNUMMER"}
ADULT_AGE = 18


def century(yy: int, individual: int) -> int | None:
    if individual <= 499:
        return 1900
    if individual <= 749 and yy >= 54:
        return 1800
    if yy <= 39:
        return 2000
    if individual >= 900:
        return 1900
    return None  # 500-899 with YY 40-53: not issued


def birth_date(value: str) -> date | None:
    ds = re.sub(r"\D", "", value)
    if len(ds) != 11 or ds[0] in "89":
        return None
    day, month, yy, individual = int(ds[0:2]), int(ds[2:4]), int(ds[4:6]), int(ds[6:9])
    if day > 40:
        day -= 40
    if month > 80:
        month -= 80
    elif month > 40:
        month -= 40
    c = century(yy, individual)
    if c is None:
        return None
    try:
        return date(c + yy, month, day)
    except ValueError:
        return None


def age_on(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def is_minor(value: str, on: date) -> bool:
    born = birth_date(value)
    return born is not None and born <= on and age_on(born, on) < ADULT_AGE
