-- Canting catalogue, schema version 3: the motif knowledge base.

-- Knowledge-card history without scanning the log.
CREATE INDEX audit_log_knowledge ON audit_log (json_extract(details, '$.key')) WHERE entity = 'motif_knowledge';

------------------------------------------------------------------------------
-- motif_knowledge: what a motif is, where it comes from and what it means.
-- Keyed like labels ("Mega Mendung" → "megamendung") so a label's card is a
-- primary-key lookup. Validators edit entries through the API; every edit is
-- in audit_log (entity 'motif_knowledge', details {key, from, to}).
--
-- The seed texts summarise widely published descriptions. The sources are
-- general references the authors are confident exist; page-level citations
-- were not checked, and each entry's `caveats` says what is uncertain
-- (legends, disputed etymologies, meanings that vary by region).
------------------------------------------------------------------------------
CREATE TABLE motif_knowledge (
  key        TEXT PRIMARY KEY,
  name       TEXT NOT NULL,
  alt_names  TEXT NOT NULL DEFAULT '[]',   -- JSON array of strings
  region     TEXT,
  theme      TEXT,
  meaning_id TEXT,
  meaning_en TEXT,
  sources    TEXT NOT NULL DEFAULT '[]',   -- JSON array of {title, url, note}
  caveats    TEXT,
  updated_by TEXT,                         -- null for the shipped seed
  updated_at TEXT NOT NULL
) STRICT;

INSERT INTO motif_knowledge (key, name, alt_names, region, theme, meaning_id, meaning_en, sources, caveats, updated_at) VALUES
('kawung', 'Kawung', '["Kawungan","Kawung Picis","Kawung Bribil"]',
 'Jawa Tengah dan DI Yogyakarta (keraton Yogyakarta dan Surakarta)',
 'Geometris (golongan ceplok): empat bentuk lonjong yang tersusun seperti bunga atau buah kolang-kaling yang dibelah',
 'Salah satu motif tertua di Jawa. Empat bentuk lonjong mengelilingi satu titik pusat, dibaca sebagai empat penjuru dan pusatnya (sedulur papat lima pancer): keteraturan alam semesta dan pemimpin sebagai pusat. Dimaknai sebagai kesucian, keadilan, pengendalian diri, dan harapan agar pemakainya berguna bagi sesama seperti pohon aren yang seluruh bagiannya bermanfaat. Dahulu termasuk motif larangan yang hanya boleh dipakai kalangan keraton.',
 'One of the oldest Javanese motifs. Four ovals around a centre are read as the four directions and their centre (sedulur papat lima pancer): cosmic order, with the ruler at the centre. It is associated with purity, justice and self-control, and with the wish that the wearer be useful to others, like the sugar palm (aren) whose every part is used. It was once a restricted (larangan) motif reserved for the court.',
 '[{"title":"UNESCO, Indonesian Batik, inscribed in 2009 on the Representative List of the Intangible Cultural Heritage of Humanity","url":"https://ich.unesco.org/en/RL/indonesian-batik-00170","note":"Context: batik motifs carry symbolic meaning; does not describe each motif"},{"title":"Fiona Kerlogue, Batik: Design, Style & History, Thames & Hudson, 2004","url":null,"note":"General reference on classical Javanese motifs"},{"title":"Inger McCabe Elliott, Batik: Fabled Cloth of Java, Clarkson N. Potter, 1984","url":null,"note":"General reference"}]',
 'The shape is variously said to come from the cross-section of the aren fruit (kolang-kaling), a lotus, or a coin (picis); sources differ. Early appearances on Hindu-Javanese statuary are often claimed; not verified here.',
 '2026-01-01T00:00:00.000Z'),
('parang', 'Parang', '["Parang Rusak","Parang Barong","Parang Klitik","Parang Curigo"]',
 'Jawa Tengah dan DI Yogyakarta (keraton Mataram, kemudian Yogyakarta dan Surakarta)',
 'Geometris diagonal (golongan garis miring / lereng): deretan bentuk huruf S yang bersambung tanpa putus',
 'Deretan diagonal yang tidak terputus melambangkan semangat yang tidak pernah padam, perjuangan terus-menerus memperbaiki diri, dan kesinambungan, seperti ombak laut yang terus bergulung. Varian besar seperti Parang Barong dahulu hanya boleh dipakai raja (motif larangan).',
 'The unbroken diagonal rows stand for a spirit that never dies out, a continuous struggle to better oneself, and continuity, like sea waves that never stop. Large variants such as Parang Barong were once reserved for the ruler (a restricted, larangan, motif).',
 '[{"title":"UNESCO, Indonesian Batik, inscribed in 2009 on the Representative List of the Intangible Cultural Heritage of Humanity","url":"https://ich.unesco.org/en/RL/indonesian-batik-00170","note":"Context only"},{"title":"Fiona Kerlogue, Batik: Design, Style & History, Thames & Hudson, 2004","url":null,"note":"General reference on classical Javanese motifs"},{"title":"Inger McCabe Elliott, Batik: Fabled Cloth of Java, Clarkson N. Potter, 1984","url":null,"note":"General reference"}]',
 'The story that the motif was inspired by waves on Java''s south coast seen by a Mataram ruler (Panembahan Senopati or Sultan Agung, depending on the telling) is a legend; the name is often linked to parang (blade) or pereng (slope). Not verified here.',
 '2026-01-01T00:00:00.000Z'),
('megamendung', 'Mega Mendung', '["Megamendung","Wadasan (related rock motif)"]',
 'Cirebon, Jawa Barat (batik pesisir, terutama Trusmi)',
 'Alam: awan berarak bergradasi warna, umumnya biru',
 'Awan mendung membawa hujan yang menyuburkan; motif ini dimaknai sebagai harapan akan kesuburan dan kehidupan, serta sikap tenang, sabar dan tidak mudah marah (mendinginkan suasana) yang diharapkan dari seorang pemimpin. Bentuk awannya menunjukkan pengaruh seni Tiongkok di pesisir utara Jawa.',
 'Rain clouds bring fertility; the motif is read as a wish for fertility and life, and for a calm, patient temper that does not flare up, expected of a leader. The cloud forms show the influence of Chinese art on Java''s north coast.',
 '[{"title":"UNESCO, Indonesian Batik, inscribed in 2009 on the Representative List of the Intangible Cultural Heritage of Humanity","url":"https://ich.unesco.org/en/RL/indonesian-batik-00170","note":"Context only"},{"title":"Fiona Kerlogue, Batik: Design, Style & History, Thames & Hudson, 2004","url":null,"note":"Covers north-coast (pesisir) batik including Cirebon"},{"title":"Wikipedia (Bahasa Indonesia), Batik","url":"https://id.wikipedia.org/wiki/Batik","note":"Secondary, for orientation"}]',
 'The link to the marriage of Sunan Gunung Jati and a Chinese princess is a popular account, not verified here. The claim that a fixed number of blue shades carries meaning varies between sources.',
 '2026-01-01T00:00:00.000Z'),
('truntum', 'Truntum', '["Truntum Sri Kuncoro","Truntum Gurdo"]',
 'Surakarta (Solo), Jawa Tengah; juga Yogyakarta',
 'Flora/bintang: bunga-bunga kecil atau bintang bertaburan rapat',
 'Dari kata "tumaruntum" (tumbuh kembali, bersemi lagi): cinta yang tumbuh kembali dan terus bersemi. Dipakai orang tua pengantin dalam upacara pernikahan Jawa, sebagai harapan agar cinta kedua mempelai terus tumbuh dan sebagai tanda orang tua menuntun mereka.',
 'From "tumaruntum" (to grow again, blossom anew): love that grows again and keeps blossoming. Worn by the parents of the bride and groom at Javanese weddings, as a wish that the couple''s love keeps growing and as a sign that the parents guide them.',
 '[{"title":"UNESCO, Indonesian Batik, inscribed in 2009 on the Representative List of the Intangible Cultural Heritage of Humanity","url":"https://ich.unesco.org/en/RL/indonesian-batik-00170","note":"Context only (batik in life-cycle rituals)"},{"title":"Inger McCabe Elliott, Batik: Fabled Cloth of Java, Clarkson N. Potter, 1984","url":null,"note":"General reference"},{"title":"Wikipedia (Bahasa Indonesia), Batik","url":"https://id.wikipedia.org/wiki/Batik","note":"Secondary, for orientation"}]',
 'Attributed by tradition to Kanjeng Ratu Kencana (Ratu Beruk), consort of Pakubuwana III of Surakarta, who is said to have made it while lonely at the palace; this is a legend, not verified here.',
 '2026-01-01T00:00:00.000Z'),
('sidomukti', 'Sidomukti', '["Sido Mukti","Sidamukti"]',
 'Surakarta dan Yogyakarta, Jawa Tengah',
 'Ceplok/semen berbingkai: bidang-bidang berisi ornamen (kupu-kupu, bangunan, tumbuhan), golongan motif "sido"',
 '"Sido" berarti jadi/terus-menerus, "mukti" berarti mulia dan sejahtera. Dipakai pengantin dalam upacara pernikahan sebagai harapan agar hidup berumah tangga mencapai kemuliaan, kebahagiaan dan kesejahteraan lahir batin.',
 '"Sido" means to become / to last, "mukti" noble and prosperous. Worn by the bride and groom at weddings as a wish that their married life reaches honour, happiness and well-being.',
 '[{"title":"UNESCO, Indonesian Batik, inscribed in 2009 on the Representative List of the Intangible Cultural Heritage of Humanity","url":"https://ich.unesco.org/en/RL/indonesian-batik-00170","note":"Context only"},{"title":"Wikipedia (Bahasa Indonesia), Batik","url":"https://id.wikipedia.org/wiki/Batik","note":"Secondary, for orientation"}]',
 'Belongs to a family of "sido" motifs (Sidomulyo, Sidoluhur, Sidoasih, Sidodrajat) whose exact ornaments vary by workshop; the ornament list above is typical, not definitive. No motif-specific printed source was checked for this entry.',
 '2026-01-01T00:00:00.000Z'),
('sekarjagad', 'Sekar Jagad', '["Sekar Jagat","Kar Jagad"]',
 'Yogyakarta dan Surakarta, Jawa Tengah; juga dibuat di pesisir',
 'Campuran: banyak motif berbeda dalam bidang-bidang seperti peta atau tambalan',
 '"Sekar" berarti bunga, "jagad" berarti dunia: bunga dunia. Kumpulan banyak motif dalam satu kain dimaknai sebagai keindahan dalam keragaman dan persatuan; juga dipakai dalam pernikahan sebagai harapan akan kebahagiaan.',
 '"Sekar" means flower, "jagad" world: flowers of the world. Many different motifs in one cloth are read as beauty in diversity and unity; it is also worn at weddings as a wish for happiness.',
 '[{"title":"UNESCO, Indonesian Batik, inscribed in 2009 on the Representative List of the Intangible Cultural Heritage of Humanity","url":"https://ich.unesco.org/en/RL/indonesian-batik-00170","note":"Context only"},{"title":"Wikipedia (Bahasa Indonesia), Batik","url":"https://id.wikipedia.org/wiki/Batik","note":"Secondary, for orientation"}]',
 'An alternative etymology derives the name from "kar" (from Dutch kaart, map) + jagad, i.e. a map of the world; sources differ. No motif-specific printed source was checked for this entry.',
 '2026-01-01T00:00:00.000Z'),
('ceplok', 'Ceplok', '["Ceplokan","Ceplok Keci","Ceplok Grompol"]',
 'Jawa Tengah dan DI Yogyakarta; tersebar luas',
 'Geometris: satu ragam hias (bunga, bintang, lingkaran, persegi) diulang simetris dalam bidang bujur sangkar atau lingkaran',
 'Golongan motif geometris yang berulang teratur. Susunan simetris ke empat arah dengan satu pusat sering dikaitkan dengan pandangan Jawa tentang keteraturan dan keseimbangan alam semesta (mancapat). Makna tiap motif ceplok berbeda menurut ragam hiasnya.',
 'A family of regularly repeated geometric motifs. Symmetry towards four directions around a centre is often linked to the Javanese view of cosmic order and balance (mancapat). The meaning of a particular ceplok depends on its ornament.',
 '[{"title":"Fiona Kerlogue, Batik: Design, Style & History, Thames & Hudson, 2004","url":null,"note":"Describes the geometric motif families"},{"title":"Inger McCabe Elliott, Batik: Fabled Cloth of Java, Clarkson N. Potter, 1984","url":null,"note":"General reference"}]',
 'Ceplok is a class of motifs rather than one motif (Kawung is often counted in it); the cosmological reading is a common interpretation, not a fixed meaning.',
 '2026-01-01T00:00:00.000Z'),
('lereng', 'Lereng', '["Lerengan","Udan Liris (related)"]',
 'Jawa Tengah dan DI Yogyakarta',
 'Geometris diagonal: pita-pita miring sejajar berisi ragam hias kecil',
 '"Lereng" berarti lereng/miring. Garis miring yang berulang dimaknai sebagai kesinambungan dan harapan yang terus mengalir; motif ini berkerabat dekat dengan Parang.',
 '"Lereng" means slope. The repeated diagonal bands are read as continuity and a hope that keeps flowing; the motif is closely related to Parang.',
 '[{"title":"Fiona Kerlogue, Batik: Design, Style & History, Thames & Hudson, 2004","url":null,"note":"Describes diagonal (garis miring) motifs"},{"title":"Inger McCabe Elliott, Batik: Fabled Cloth of Java, Clarkson N. Potter, 1984","url":null,"note":"General reference"}]',
 'Many sources treat lereng as the diagonal family that includes parang rather than a separate motif; the meaning given is a general one and uncertain for individual lereng designs.',
 '2026-01-01T00:00:00.000Z'),
('nitik', 'Nitik', '["Nitikan","Nitik Cakar","Nitik Karawitan"]',
 'DI Yogyakarta (termasuk Kotagede dan sekitarnya); juga Surakarta',
 'Geometris dari titik-titik dan garis pendek yang meniru kain tenun',
 'Dibuat dari titik-titik ("nitik") dengan canting khusus sehingga menyerupai tenunan; diyakini meniru kain patola dari India yang dibawa pedagang. Tiap motif nitik memiliki nama dan makna sendiri; secara umum dikaitkan dengan ketelitian, kesabaran dan ketekunan pembatik.',
 'Built of dots ("nitik") and short strokes drawn with a special canting so that it resembles weaving; it is believed to imitate Indian patola cloth brought by traders. Each nitik design has its own name and meaning; in general it is associated with the precision, patience and perseverance of the maker.',
 '[{"title":"Fiona Kerlogue, Batik: Design, Style & History, Thames & Hudson, 2004","url":null,"note":"General reference; Indian trade textiles and their influence"},{"title":"Wikipedia (Bahasa Indonesia), Batik","url":"https://id.wikipedia.org/wiki/Batik","note":"Secondary, for orientation"}]',
 'The patola origin is widely repeated but the exact history is uncertain; the "patience" reading describes the technique more than a documented symbolic meaning.',
 '2026-01-01T00:00:00.000Z'),
('semen', 'Semen', '["Semenan","Semen Rama","Semen Gurdo","Semen Romo"]',
 'Jawa Tengah dan DI Yogyakarta (keraton Yogyakarta dan Surakarta)',
 'Non-geometris: tumbuhan bersemi bersama gunung, bangunan, hewan, sayap garuda (lar)',
 'Dari kata "semi" (tunas, bersemi): kehidupan yang tumbuh dan berkembang. Unsur-unsurnya (gunung, tumbuhan, burung, api, air, bangunan) dibaca sebagai gambaran alam semesta; Semen Rama dikaitkan dengan ajaran Hastabrata, delapan sifat utama pemimpin dalam kisah Ramayana.',
 'From "semi" (sprout, to bud): life that grows and flourishes. Its elements (mountains, plants, birds, fire, water, buildings) are read as a picture of the cosmos; Semen Rama is linked to the Hastabrata, the eight virtues of a ruler taught in the Ramayana.',
 '[{"title":"Fiona Kerlogue, Batik: Design, Style & History, Thames & Hudson, 2004","url":null,"note":"Describes semen (non-geometric) motifs"},{"title":"Inger McCabe Elliott, Batik: Fabled Cloth of Java, Clarkson N. Potter, 1984","url":null,"note":"General reference"}]',
 'The correspondence of each element to one of the Hastabrata virtues differs between tellings; treat the mapping as interpretation.',
 '2026-01-01T00:00:00.000Z'),
('tambal', 'Tambal', '["Tambal Miring","Tambal Nitik"]',
 'DI Yogyakarta dan Jawa Tengah',
 'Tambalan: bidang-bidang segitiga atau persegi berisi motif yang berbeda-beda, seperti kain yang ditambal',
 '"Tambal" berarti menambal. Dimaknai sebagai memperbaiki hal yang rusak atau kurang dalam hidup; menurut kepercayaan, kain bermotif tambal diselimutkan pada orang sakit sebagai harapan agar lekas sembuh.',
 '"Tambal" means to patch. It is read as mending what is broken or lacking in life; by popular belief, a tambal cloth is laid over a sick person as a wish for a quick recovery.',
 '[{"title":"Wikipedia (Bahasa Indonesia), Batik","url":"https://id.wikipedia.org/wiki/Batik","note":"Secondary, for orientation"},{"title":"Inger McCabe Elliott, Batik: Fabled Cloth of Java, Clarkson N. Potter, 1984","url":null,"note":"General reference on patchwork-like (tambal) compositions"}]',
 'The healing custom is reported in popular sources; no motif-specific scholarly source was checked. The patched-robe association with Buddhist monks is sometimes cited as an origin and is uncertain.',
 '2026-01-01T00:00:00.000Z'),
('gentongan', 'Gentongan', '["Batik Gentongan Tanjung Bumi","Batik Madura Gentongan"]',
 'Tanjung Bumi, Kabupaten Bangkalan, Madura, Jawa Timur',
 'Batik pesisir Madura berwarna kuat; nama berasal dari teknik pewarnaan, bukan satu ragam hias',
 'Dinamai dari "gentong", tempayan tanah liat tempat kain direndam pewarna alam berulang kali selama berminggu-minggu hingga berbulan-bulan, sehingga warnanya pekat dan awet. Proses panjang ini dimaknai sebagai kesabaran dan kesetiaan; sering dikisahkan dibuat para perempuan selama menunggu suami yang berlayar.',
 'Named after the "gentong", the earthenware jar in which the cloth is soaked in natural dye again and again for weeks to months, giving deep, lasting colours. The long process is read as patience and loyalty; it is often told that the women made it while waiting for their seafaring husbands.',
 '[{"title":"Fiona Kerlogue, Batik: Design, Style & History, Thames & Hudson, 2004","url":null,"note":"General reference that includes Madura batik"},{"title":"Wikipedia (Bahasa Indonesia), Batik","url":"https://id.wikipedia.org/wiki/Batik","note":"Secondary, for orientation"}]',
 'The dyeing duration varies widely between accounts; the story of waiting wives is popular tradition. Gentongan names a technique and style, so images labelled with it may show varied ornaments.',
 '2026-01-01T00:00:00.000Z');
