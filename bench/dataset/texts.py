"""Indonesian words for the generated data: the offices of the network, people's names, work
units, and what stakeholders ask about each service type and what officers answer. Plausible,
not real: no person or work unit here exists."""


def _words(text: str) -> list[str]:
    return text.split()


# (slug, city, number prefix, KPPN code, time zone, relative volume). Pekanbaru, the reference
# office, is loaded from the project's own reference data and is not listed here.
OFFICES = [
    ("medan-i", "Medan I", "MDN", "101", "Asia/Jakarta", 2.0),
    ("banda-aceh", "Banda Aceh", "BNA", "102", "Asia/Jakarta", 1.0),
    ("padang", "Padang", "PDG", "103", "Asia/Jakarta", 1.2),
    ("jambi", "Jambi", "JMB", "104", "Asia/Jakarta", 0.9),
    ("palembang", "Palembang", "PLG", "105", "Asia/Jakarta", 1.4),
    ("bengkulu", "Bengkulu", "BKL", "106", "Asia/Jakarta", 0.7),
    ("bandar-lampung", "Bandar Lampung", "BDL", "107", "Asia/Jakarta", 1.1),
    ("pangkalpinang", "Pangkalpinang", "PGK", "108", "Asia/Jakarta", 0.6),
    ("tanjung-pinang", "Tanjung Pinang", "TPI", "109", "Asia/Jakarta", 0.6),
    ("serang", "Serang", "SRG", "110", "Asia/Jakarta", 1.0),
    ("jakarta-ii", "Jakarta II", "JK2", "111", "Asia/Jakarta", 2.5),
    ("bandung-i", "Bandung I", "BDG", "112", "Asia/Jakarta", 1.8),
    ("semarang-i", "Semarang I", "SMG", "113", "Asia/Jakarta", 1.5),
    ("yogyakarta", "Yogyakarta", "YOG", "114", "Asia/Jakarta", 1.3),
    ("surabaya-i", "Surabaya I", "SBY", "115", "Asia/Jakarta", 2.0),
    ("malang", "Malang", "MLG", "116", "Asia/Jakarta", 1.0),
    ("pontianak", "Pontianak", "PNK", "117", "Asia/Pontianak", 0.9),
    ("palangka-raya", "Palangka Raya", "PKY", "118", "Asia/Pontianak", 0.7),
    ("banjarmasin", "Banjarmasin", "BJM", "119", "Asia/Makassar", 1.0),
    ("balikpapan", "Balikpapan", "BPN", "120", "Asia/Makassar", 0.9),
    ("denpasar", "Denpasar", "DPS", "121", "Asia/Makassar", 1.1),
    ("mataram", "Mataram", "MTR", "122", "Asia/Makassar", 0.8),
    ("kupang", "Kupang", "KOE", "123", "Asia/Makassar", 0.7),
    ("makassar-i", "Makassar I", "MKS", "124", "Asia/Makassar", 1.6),
    ("manado", "Manado", "MDO", "125", "Asia/Makassar", 0.8),
    ("palu", "Palu", "PLW", "126", "Asia/Makassar", 0.7),
    ("kendari", "Kendari", "KDI", "127", "Asia/Makassar", 0.6),
    ("ambon", "Ambon", "AMQ", "128", "Asia/Jayapura", 0.6),
    ("jayapura", "Jayapura", "DJJ", "129", "Asia/Jayapura", 0.7),
]
PEKANBARU_VOLUME = 1.2

FIRST_NAMES = _words(
    "Agus Ahmad Andi Ani Arif Bambang Budi Dedi Dewi Dian Eka Endang Fajar Fitri Hendra "
    "Heru Ika Indah Irwan Joko Kartika Lestari Lina Made Mira Muhammad Nur Nurul Putri "
    "Rahmat Rina Rudi Sari Siti Sri Suryani Teguh Tri Wahyu Wayan Yanti Yohanes Yusuf "
    "Zainal"
)
LAST_NAMES = _words(
    "Saputra Wijaya Santoso Hidayat Pratama Siregar Nasution Harahap Lubis Simanjuntak "
    "Kurniawan Setiawan Nugroho Rahman Hasibuan Sinaga Gultom Putra Utami Wulandari Lestari "
    "Hakim Syahputra Tanjung Pohan Ginting Sembiring Manurung Sitompul Purba Hutapea "
    "Rangkuti"
)

WORK_UNIT_KINDS = [
    "Kantor Kementerian Agama",
    "Badan Pusat Statistik",
    "Pengadilan Negeri",
    "Pengadilan Agama",
    "Kejaksaan Negeri",
    "Kantor Pelayanan Pajak Pratama",
    "Kantor Pertanahan",
    "Balai Pemasyarakatan",
    "Lembaga Pemasyarakatan",
    "Kantor Imigrasi",
    "Balai Karantina Pertanian",
    "Politeknik Kesehatan",
    "Universitas Negeri",
    "Madrasah Aliyah Negeri",
    "Madrasah Tsanawiyah Negeri",
    "Balai Wilayah Sungai",
    "Balai Pelaksanaan Jalan Nasional",
    "Kepolisian Resor",
    "Komando Distrik Militer",
    "Rumah Sakit Bhayangkara",
    "Kantor Pelayanan Kekayaan Negara dan Lelang",
    "Balai Besar Pengawas Obat dan Makanan",
    "Stasiun Meteorologi",
    "Kantor SAR",
    "Balai Konservasi Sumber Daya Alam",
]
PARTNERS = ["Bank BRI", "Bank Mandiri", "Bank BNI", "Bank BTN", "Bank Riau Kepri", "PT Pos"]

MONTHS = _words(
    "Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember"
)

# Per service type: subjects (formatted with n = a number, bulan = a month), a detail that
# follows the greeting, and the gist of the answer.
TOPICS = {
    "sp2d": (
        [
            "SP2D atas SPM nomor {n} belum terbit",
            "Status pencairan SPM LS kontraktual",
            "SPM ditolak karena kesalahan kode akun",
            "Pengajuan SPM GUP bulan {bulan}",
        ],
        "SPM sudah kami ajukan melalui SAKTI tetapi statusnya belum berubah.",
        "SPM sudah diproses; SP2D terbit hari ini dan dana disalurkan ke rekening tujuan.",
    ),
    "kontrak-supplier": (
        ["Pendaftaran data supplier baru", "Perubahan rekening supplier {n}"],
        "Data supplier belum muncul di aplikasi sehingga SPM tidak dapat dibuat.",
        "Data supplier sudah divalidasi; silakan lanjutkan pembuatan SPM.",
    ),
    "gaji": (
        ["Gaji induk bulan {bulan} belum masuk", "Kekurangan gaji pegawai pindahan"],
        "Beberapa pegawai belum menerima gaji walaupun SPM sudah diajukan.",
        "Gaji sudah dibayarkan; selisih berasal dari data pegawai yang belum dimutakhirkan.",
    ),
    "retur": (
        ["Retur SP2D nomor {n} karena rekening tidak aktif", "Penyelesaian retur SP2D"],
        "Dana kembali ke kas negara karena rekening penerima sudah ditutup.",
        "Ajukan surat perbaikan rekening; SP2D retur akan diterbitkan kembali.",
    ),
    "penerimaan-negara": (
        ["Kode billing kedaluwarsa", "Setoran PNBP belum tercatat", "Pengembalian PNBP"],
        "Setoran sudah dilakukan di bank tetapi belum tampil di MPN.",
        "Setoran sudah tercatat dengan NTPN yang sama; tidak perlu setor ulang.",
    ),
    "rekening-pemerintah": (
        ["Persetujuan pembukaan rekening satker", "Penutupan rekening bendahara"],
        "Kami perlu membuka rekening penampungan untuk kegiatan tahun ini.",
        "Permohonan disetujui; surat persetujuan dikirim melalui e-mail resmi.",
    ),
    "kkp": (
        ["Batas Kartu Kredit Pemerintah", "Pertanggungjawaban KKP bulan {bulan}"],
        "Transaksi KKP ditolak walaupun sisa batas masih cukup.",
        "Batas KKP sudah disesuaikan dengan UP; transaksi dapat dilakukan kembali.",
    ),
    "rekonsiliasi": (
        ["Rekonsiliasi semester {n}", "Selisih data rekonsiliasi bulan {bulan}"],
        "Terdapat selisih antara data SAKTI dan data KPPN.",
        "Selisih berasal dari jurnal koreksi; rekonsiliasi sudah dinyatakan sesuai.",
    ),
    "lpj": (
        ["LPJ bendahara bulan {bulan} ditolak", "Cara mengunggah LPJ di SAKTI"],
        "LPJ bendahara kami ditolak dengan keterangan saldo tidak sesuai.",
        "Perbaiki saldo kas tunai sesuai BKU, lalu unggah ulang LPJ.",
    ),
    "laporan-keuangan": (
        ["Penyusunan laporan keuangan semester", "Koreksi jurnal laporan keuangan"],
        "Neraca belum seimbang setelah jurnal penyesuaian.",
        "Jurnal penyesuaian aset tetap belum diposting; setelah diposting neraca seimbang.",
    ),
    "ikpa": (
        ["Nilai IKPA turun pada indikator deviasi halaman III DIPA", "Perbaikan nilai IKPA"],
        "Nilai IKPA kami turun pada bulan {bulan}.",
        "Nilai turun karena deviasi RPD; mutakhirkan RPD agar bulan berikutnya membaik.",
    ),
    "rpd": (
        ["Pemutakhiran RPD harian", "Deviasi RPD bulan {bulan}"],
        "Kami tidak dapat memutakhirkan RPD harian di aplikasi.",
        "Pemutakhiran RPD dibuka kembali; silakan ulangi paling lambat akhir bulan.",
    ),
    "pengaduan-layanan": (
        ["Keluhan atas lamanya respons", "Keluhan antrean layanan"],
        "Pertanyaan kami sebelumnya belum mendapat jawaban.",
        "Mohon maaf atas keterlambatan; pertanyaan sudah kami tindak lanjuti.",
    ),
    "user-sakti-span": (
        ["Reset password user SAKTI", "Penambahan user SAKTI modul bendahara", "User terkunci"],
        "User SAKTI operator kami terkunci setelah salah memasukkan password.",
        "User sudah direset; password sementara dikirim ke e-mail terdaftar.",
    ),
    "informasi-publik": (
        ["Permohonan data realisasi belanja", "Permohonan informasi publik"],
        "Kami membutuhkan data realisasi belanja untuk keperluan penelitian.",
        "Permohonan diteruskan ke PPID; data akan dikirim dalam 10 hari kerja.",
    ),
}
UNCLASSIFIED_SUBJECTS = ["Pertanyaan layanan", "Mohon informasi", "Konfirmasi dokumen"]

GREETINGS = ["Selamat pagi", "Selamat siang", "Assalamualaikum", "Yth. CSO KPPN"]
DOCUMENT_REQUESTS = [
    "Mohon kirimkan salinan SPM dan surat pengantar.",
    "Mohon kirimkan tangkapan layar pesan galat di aplikasi.",
    "Mohon kirimkan rekening koran bulan terakhir.",
    "Mohon kirimkan surat kuasa dan KTP petugas.",
]
DOCUMENTS_NOTES = ["Dokumen terlampir.", "Berikut kami kirimkan dokumennya.", ""]
PROGRESS = [
    "Kami masih berkoordinasi dengan seksi terkait; perkembangan berikutnya kami sampaikan.",
    "Permasalahan sedang diperiksa bersama Kantor Pusat.",
    "Data sudah kami terima dan sedang diverifikasi.",
]
DEFER_REASONS = [
    "Perlu konfirmasi ke seksi terkait.",
    "Menunggu data dari Kantor Pusat.",
    "Perlu pengecekan data transaksi lebih lanjut.",
]
ESCALATION_REASONS = [
    "Mohon arahan Kepala Seksi atas perlakuan transaksi ini.",
    "Kasus khusus yang belum diatur dalam juknis.",
]
ESCALATION_ANSWERS = [
    "Dapat diproses sesuai ketentuan; lampirkan surat pernyataan.",
    "Tidak dapat diproses; sampaikan alasan penolakan kepada stakeholder.",
]
HAI_REASONS = ["Perlu penanganan HAI DJPb karena terkait aplikasi pusat."]
HAI_ANSWERS = ["HAI DJPb: perbaikan sudah dilakukan di server pusat."]
CANCEL_REASONS = ["Pertanyaan ganda.", "Dibatalkan oleh stakeholder.", "Bukan kewenangan KPPN."]
NOTES = ["Sudah dikonfirmasi ke seksi terkait.", "Stakeholder dihubungi melalui telepon."]

ATTACHMENT_KINDS = [
    ("SPM_{n}.pdf", "application/pdf"),
    ("surat_pengantar_{n}.pdf", "application/pdf"),
    ("tangkapan_layar_{n}.png", "image/png"),
    ("foto_dokumen_{n}.jpg", "image/jpeg"),
    (
        "rekap_{n}.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
]
