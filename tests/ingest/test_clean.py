from assistant.ingest.clean import clean_article, is_noise


def test_first_line_is_the_title_and_not_body() -> None:
    article = clean_article("Judul Berita\n\nIsi pertama.\n")
    assert article.title == "Judul Berita"
    assert [line.text for line in article.lines] == ["Isi pertama."]


def test_teasers_comment_forms_and_counters_are_removed_with_line_numbers_kept() -> None:
    text = "\n".join(
        [
            "Judul",  # 1
            "Paragraf satu tentang Putin.",  # 2
            "Baca Juga: Kim Jong Un Selamati Putin",  # 3
            "MEMBACA  Maskapai American Airlines melanjutkan penerbangan.",  # 4
            "0 Komentar",  # 5
            "Paragraf dua tentang Kim.",  # 6
            "Tinggalkan Balasan",  # 7
            "Alamat email Anda tidak akan dipublikasikan. Ruas yang wajib ditandai *",  # 8
        ]
    )
    article = clean_article(text)
    assert [(line.number, line.text) for line in article.lines] == [
        (2, "Paragraf satu tentang Putin."),
        (6, "Paragraf dua tentang Kim."),
    ]


def test_repeated_title_and_caption_lines_are_removed() -> None:
    text = "\n".join(
        [
            "Putin Kunjungi Korea Utara",
            "",
            "Putin Kunjungi Korea Utara",
            "Putin dan Kim Jong Un Kompak Bahas Dunia \\'Multipolar\\'/CNN Indonesia",
            "Putin dan Kim Jong Un Kompak Bahas Dunia \\'Multipolar\\'/CNN Indonesia",
            "Presiden Rusia saat kunjungan ke Korea Utara menemui Kim Jong-un--",
            "Isi berita yang sebenarnya dimulai di sini.",
        ]
    )
    article = clean_article(text)
    assert [line.text for line in article.lines] == ["Isi berita yang sebenarnya dimulai di sini."]
    assert article.lines[0].number == 7


def test_trailing_teaser_is_cut_but_the_sentence_kept() -> None:
    article = clean_article("T\nPutin tiba di Korea Utara. Baca selengkapnya di sini!")
    assert article.lines[0].text == "Putin tiba di Korea Utara."


def test_article_text_that_mentions_comments_is_not_noise() -> None:
    assert not is_noise("Komentar-komentar dari pejabat AS dan NATO menegaskan kekhawatiran mereka.")
    assert not is_noise("Dia membaca surat itu di depan wartawan.")
    assert is_noise("Baca Juga:Ini Dia Perbandingan Rumah Kim Jong Un")


def test_a_one_line_article_is_its_own_text() -> None:
    """An article that is a single line is not all title: it would have no chunks and never be found."""
    article = clean_article("\n  Zebra ungu menari di alun-alun Khabarovsk. Warga menonton.\n")
    assert article.title == "Zebra ungu menari di alun-alun Khabarovsk. Warga menonton."
    assert [(line.number, line.text) for line in article.lines] == [(2, article.title)]
