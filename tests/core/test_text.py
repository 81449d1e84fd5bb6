"""``fold``: the diacritics-insensitive form every search compares."""

import unicodedata

import pytest

from thidua.core.text import fold


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Bắc Giang", "bac giang"),
        ("UBND thành phố Bắc Giang", "ubnd thanh pho bac giang"),
        ("Đài Phát thanh và Truyền hình", "dai phat thanh va truyen hinh"),
        ("đ", "d"),
        ("Đ", "d"),
        ("ĐĐđđ", "dddd"),
        ("Sở Y tế", "so y te"),
        ("Nguyễn Văn An", "nguyen van an"),
        ("Ủy ban nhân dân tỉnh", "uy ban nhan dan tinh"),
        ("ƯỚC MƠ ĐỒNG LÒNG", "uoc mo dong long"),
        ("Sở KH&ĐT", "so kh&dt"),
        ("COVID-19", "covid-19"),
        ("  Hiệp   Hòa  ", "hiep hoa"),
        ("Yên\tThế\n\nBắc\u00a0Giang", "yen the bac giang"),
        ("", ""),
        ("   ", ""),
    ],
)
def test_fold_value(text, folded):
    assert fold(text) == folded


def test_fold_decomposed_input_equals_composed_input():
    composed = "Hiệp Hòa Đức"
    decomposed = unicodedata.normalize("NFD", composed)
    assert decomposed != composed
    assert fold(decomposed) == fold(composed) == "hiep hoa duc"


def test_fold_is_idempotent():
    text = "Đỗ Thị Bích, Ngô Đức Cường"
    assert fold(fold(text)) == fold(text) == "do thi bich, ngo duc cuong"
