"""Verification codes: format, entropy, tolerant input, and typo detection by the check symbol."""

import math
import re

import pytest

from lms.certificates.codes import (
    ALPHABET,
    DATA_LENGTH,
    CodeError,
    check_symbol,
    format_code,
    generate_code,
    normalise_code,
)


def test_generated_code_has_sixteen_symbols_from_the_unambiguous_alphabet():
    code = generate_code()
    assert len(code) == 16
    assert set(code) <= set(ALPHABET)
    assert not set("01ILOUZ") & set(ALPHABET)


def test_formatted_code_is_four_groups_of_four():
    assert re.fullmatch(r"([2-9A-Z]{4}-){3}[2-9A-Z]{4}", format_code(generate_code()))


def test_codes_carry_at_least_sixty_bits_of_entropy():
    assert DATA_LENGTH * math.log2(len(ALPHABET)) >= 60


def test_generated_codes_do_not_repeat():
    assert len({generate_code() for _ in range(2000)}) == 2000


def test_generated_code_passes_its_own_check():
    code = generate_code()
    assert normalise_code(code) == code


@pytest.mark.parametrize("typed", ["{f}", "{f_lower}", " {f} ", "{plain}", "{spaced}"])
def test_input_is_case_insensitive_and_ignores_dashes_and_spaces(typed):
    code = generate_code()
    formatted = format_code(code)
    variants = {"f": formatted, "f_lower": formatted.lower(), "plain": code,
                "spaced": formatted.replace("-", " ")}
    assert normalise_code(typed.format(**variants)) == code


def test_every_single_wrong_symbol_is_detected():
    code = generate_code()
    for position in range(len(code)):
        for symbol in ALPHABET:
            if symbol == code[position]:
                continue
            typo = code[:position] + symbol + code[position + 1:]
            with pytest.raises(CodeError):
                normalise_code(typo)


def test_every_swap_of_neighbours_is_detected():
    for _ in range(50):
        code = generate_code()
        for position in range(len(code) - 1):
            a, b = code[position], code[position + 1]
            if a == b:
                continue
            swapped = code[:position] + b + a + code[position + 2:]
            with pytest.raises(CodeError):
                normalise_code(swapped)


def test_ambiguous_characters_are_named_in_the_message():
    with pytest.raises(CodeError) as error:
        normalise_code("O1AB-CDEF-GHJK-MNPQ")
    assert "„0“" not in error.value.message
    assert "„1“" in error.value.message and "„O“" in error.value.message


def test_wrong_length_says_how_many_symbols_a_code_has():
    with pytest.raises(CodeError) as error:
        normalise_code("ABCD-EFGH")
    assert "16 Zeichen" in error.value.message


def test_empty_input_asks_for_a_code():
    with pytest.raises(CodeError) as error:
        normalise_code("  ")
    assert "Bitte geben Sie" in error.value.message


def test_check_symbol_depends_on_position():
    assert check_symbol("23456789ABCDEFG") != check_symbol("32456789ABCDEFG")
