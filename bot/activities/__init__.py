"""The KBK's activities the regulations name: sosialisasi and internalisasi (Serang Pasal
6(3), 8; Bangka Selatan Pasal 12(1), 13(4) d, f), group discussions (Serang Pasal 7(2),
7(5)-(6)), the declaration of values and commitment (Bangka Selatan Pasal 12(1) a) and
innovation proposals (Pasal 13(4) e). Pure: no Telegram, no SQL."""
