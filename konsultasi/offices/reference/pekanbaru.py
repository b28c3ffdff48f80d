"""Reference data of KPPN type A1 Pekanbaru, from its published service standard
(shared/seeds/standar-pelayanan-konsultasi-kppn-pekanbaru.txt) and the default routing of a
type A1 office. Data, not code: the admin edits all of it afterwards."""

from datetime import time

REGION = {"code": "kanwil-riau", "name": "Kantor Wilayah DJPb Provinsi Riau"}

OFFICE = {
    "slug": "pekanbaru",
    "name": "KPPN Tipe A1 Pekanbaru",
    "office_type": "A1",
    "number_prefix": "PKU",
    "address": "Jl. Sudirman Nomor 249, Pekanbaru 28116",
    "phone": "0761-22847",
    "website": "https://www.djpb.kemenkeu.go.id/kppn/pekanbaru",
    "time_zone": "Asia/Jakarta",
}

WORKING_HOURS = [(weekday, time(8), time(16)) for weekday in range(5)]

SECTIONS = [
    ("pencairan-dana", "Seksi Pencairan Dana"),
    ("bank", "Seksi Bank"),
    ("verifikasi-akuntansi", "Seksi Verifikasi dan Akuntansi"),
    ("mski", "Seksi Manajemen Satker dan Kepatuhan Internal"),
    ("umum", "Subbagian Umum"),
]

# (code, name, default section, keywords)
SERVICE_TYPES = [
    ("sp2d", "Pencairan dana / SP2D", "pencairan-dana", "sp2d\nspm\npencairan"),
    ("kontrak-supplier", "Kontrak dan data supplier", "pencairan-dana", "kontrak\nsupplier"),
    ("gaji", "Gaji dan tunjangan", "pencairan-dana", "gaji\ntunjangan"),
    ("retur", "Retur SP2D", "bank", "retur"),
    ("penerimaan-negara", "Penerimaan negara / billing", "bank", "billing\nmpn\npenerimaan"),
    (
        "rekening-pemerintah",
        "Rekening pemerintah",
        "bank",
        "rekening pemerintah\nrekening satker\nbuka rekening\ntutup rekening",
    ),
    ("kkp", "Kartu Kredit Pemerintah", "bank", "kkp\nkartu kredit"),
    ("rekonsiliasi", "Rekonsiliasi", "verifikasi-akuntansi", "rekonsiliasi"),
    ("lpj", "Laporan Pertanggungjawaban Bendahara (LPJ)", "verifikasi-akuntansi", "lpj"),
    ("laporan-keuangan", "Laporan keuangan", "verifikasi-akuntansi", "laporan keuangan"),
    ("ikpa", "Indikator Kinerja Pelaksanaan Anggaran (IKPA)", "mski", "ikpa"),
    ("rpd", "Rencana Penarikan Dana (RPD)", "mski", "rpd\nrencana penarikan"),
    ("pengaduan-layanan", "Pengaduan atas layanan", "mski", "pengaduan\nkeluhan"),
    ("user-sakti-span", "User SAKTI / SPAN", "umum", "user\nsakti\nspan\npassword"),
    ("informasi-publik", "Permohonan informasi publik", "umum", "informasi publik\nppid"),
]

# (code, name, kind) — the portal comes first: it is the default online channel.
CHANNELS = [
    ("portal", "Portal Layanan Konsultasi", "online"),
    ("tatap-muka", "Tatap muka di KPPN", "walk_in"),
    ("hai-cso", "HAI CSO (OM SPAN)", "online"),
    ("email", "E-mail resmi KPPN", "email"),
    ("whatsapp", "WhatsApp resmi KPPN", "whatsapp"),
    ("telepon", "Telepon", "phone"),
    ("api", "API", "api"),
]

STANDARD = {
    "service_name": "Layanan Konsultasi Stakeholder",
    "decree_number": "",
    "requirements": (
        "Pertanyaan/kebutuhan konsultasi dari Stakeholder yang disampaikan secara langsung "
        "(tatap muka di KPPN)\n"
        "Pertanyaan/kebutuhan konsultasi dari Stakeholder yang disampaikan secara online melalui "
        "HAI CSO pada Aplikasi OM SPAN atau melalui sarana/kontak resmi masing-masing KPPN"
    ),
    "procedure_walk_in": (
        "Petugas layanan menanyakan identitas/profil Stakeholder\n"
        "Stakeholder menyampaikan pertanyaan/permasalahan pada saat sesi konsultasi berlangsung\n"
        "Petugas layanan/pegawai CSO menerima pertanyaan/permasalahan dan kemudian melakukan "
        "identifikasi pertanyaan/permasalahan\n"
        "Petugas layanan/pegawai CSO dapat mencari jawaban/solusi atas pertanyaan/permasalahan "
        "pada peraturan/juknis terkait\n"
        "Dalam hal pertanyaan/permasalahan memerlukan dokumen pendukung lainnya, maka petugas "
        "layanan/pegawai CSO dapat meminta dokumen pendukung kepada stakeholder sebagai bahan "
        "analisa\n"
        "Dalam hal jawaban/solusi telah tersedia, maka petugas layanan/pegawai CSO dapat segera "
        "menyelesaikan permasalahan\n"
        "Dalam hal jawaban/solusi belum tersedia, petugas layanan/pegawai CSO dapat melakukan: "
        "a. eskalasi kepada Kepala Seksi apabila pertanyaan/permasalahan membutuhkan konfirmasi "
        "lebih lanjut kepada Kepala Seksi terkait; b. meminta kontak person Stakeholder untuk "
        "dilakukan konfirmasi/pemberian solusi paling lambat 3 (tiga) hari kerja setelah "
        "konsultasi tatap muka dilaksanakan. Dalam waktu 3 hari tersebut, petugas layanan "
        "diwajibkan untuk menyampaikan progres atas penyelesaian solusi secara berkala"
    ),
    "procedure_online": (
        "Stakeholder menyampaikan pertanyaan/permasalahan melalui HAI CSO atau kontak resmi "
        "masing-masing KPPN\n"
        "Petugas layanan/pegawai CSO menerima pertanyaan/permasalahan dan melakukan identifikasi "
        "atas pertanyaan/permasalahan\n"
        "Petugas layanan/pegawai CSO dapat mencari jawaban/solusi atas pertanyaan/permasalahan "
        "pada peraturan/juknis terkait\n"
        "Dalam hal pertanyaan/permasalahan memerlukan dokumen pendukung lainnya, maka petugas "
        "layanan/pegawai CSO dapat meminta dokumen pendukung kepada stakeholder sebagai bahan "
        "analisa\n"
        "Dalam hal jawaban/solusi telah tersedia, maka petugas layanan/pegawai CSO dapat segera "
        "memberikan jawaban/menyelesaikan permasalahan\n"
        "Dalam hal jawaban/solusi belum tersedia, petugas layanan/pegawai CSO dapat melakukan: "
        "a. eskalasi kepada Kepala Seksi apabila pertanyaan/permasalahan membutuhkan konfirmasi "
        "lebih lanjut kepada Kepala Seksi yang terkait dengan permasalahan; b. konfirmasi/"
        "pemberian solusi paling lambat 3 (tiga) hari kerja. Dalam waktu 3 hari tersebut, "
        "petugas layanan diwajibkan untuk menyampaikan progres atas penyelesaian solusi secara "
        "berkala"
    ),
    "completion_time": "20 menit per satu jenis layanan",
    "cost": "Tidak dipungut biaya",
    "products": (
        'Tanggapan dengan status penyelesaian layanan "Resolved"\n'
        "Layanan yang diberikan secara langsung/online\n"
        "Progres atas penyelesaian solusi (apabila permasalahan tidak dapat langsung "
        "diselesaikan pada saat pelayanan berlangsung)"
    ),
    "complaint_channels": (
        "Sistem Pengelolaan Pengaduan Pelayanan Publik Nasional (SP4N) - Layanan Aspirasi dan "
        "Pengaduan Online Rakyat (LAPOR)\n"
        "Whistleblowing System Kemenkeu: https://wise.kemenkeu.go.id\n"
        "Kotak saran/kotak pengaduan, SMS, portal pengaduan SIPANDU "
        "https://pengaduandjpb.kemenkeu.go.id atau melalui HAI DJPb https://hai.kemenkeu.go.id\n"
        "Kontak resmi atau tatap muka secara langsung melalui masing-masing KPPN"
    ),
}
