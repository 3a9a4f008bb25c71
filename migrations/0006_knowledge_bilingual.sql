-- Canting catalogue, schema version 6: the motif knowledge base is bilingual
-- field by field, like its meaning already was.
--
-- Until now region and theme were written in Indonesian only and caveats in
-- English only, so each interface language showed some of a card in the
-- other language. Each becomes a pair of columns named like meaning_id /
-- meaning_en. Renaming keeps every existing text in the column of the
-- language it is actually written in: region → region_id, theme → theme_id,
-- caveats → caveats_en.
--
-- The shipped seed rows (updated_by IS NULL: nobody has edited them) get the
-- missing language: English region and theme, Indonesian caveats, translated
-- from the 0003 seed texts with their hedging kept ("not verified here" →
-- "belum diverifikasi di sini"). A row a validator edited keeps exactly what
-- it has and NULL in the new column: its text may no longer match the seed,
-- and a translation of the seed would put words in the validator's mouth.
--
-- Audit entries written before this version name the fields region, theme
-- and caveats; the log is append-only and stays as it was.
ALTER TABLE motif_knowledge RENAME COLUMN region TO region_id;
ALTER TABLE motif_knowledge ADD COLUMN region_en TEXT;
ALTER TABLE motif_knowledge RENAME COLUMN theme TO theme_id;
ALTER TABLE motif_knowledge ADD COLUMN theme_en TEXT;
ALTER TABLE motif_knowledge RENAME COLUMN caveats TO caveats_en;
ALTER TABLE motif_knowledge ADD COLUMN caveats_id TEXT;

UPDATE motif_knowledge SET
  region_en = 'Central Java and the Special Region of Yogyakarta (the Yogyakarta and Surakarta courts)',
  theme_en = 'Geometric (ceplok family): four oval shapes arranged like a flower or a kolang-kaling (sugar palm fruit) cut in half',
  caveats_id = 'Bentuknya disebut berasal dari penampang melintang buah aren (kolang-kaling), bunga teratai, atau uang logam (picis); sumber-sumber berbeda. Kemunculan awalnya pada arca Hindu-Jawa sering diklaim; belum diverifikasi di sini.'
WHERE key = 'kawung' AND updated_by IS NULL;

UPDATE motif_knowledge SET
  region_en = 'Central Java and the Special Region of Yogyakarta (the Mataram court, later the Yogyakarta and Surakarta courts)',
  theme_en = 'Diagonal geometric (the garis miring / lereng family of slanting lines): rows of S shapes joined without a break',
  caveats_id = 'Kisah bahwa motif ini terilhami ombak di pantai selatan Jawa yang dilihat seorang penguasa Mataram (Panembahan Senopati atau Sultan Agung, tergantung versi ceritanya) adalah legenda; namanya sering dikaitkan dengan parang (bilah senjata) atau pereng (lereng). Belum diverifikasi di sini.'
WHERE key = 'parang' AND updated_by IS NULL;

UPDATE motif_knowledge SET
  region_en = 'Cirebon, West Java (coastal or pesisir batik, especially Trusmi)',
  theme_en = 'Nature: drifting clouds shaded in graded colours, usually blue',
  caveats_id = 'Kaitannya dengan pernikahan Sunan Gunung Jati dan seorang putri Tiongkok adalah kisah populer, belum diverifikasi di sini. Anggapan bahwa jumlah gradasi biru tertentu mengandung makna berbeda-beda antarsumber.'
WHERE key = 'megamendung' AND updated_by IS NULL;

UPDATE motif_knowledge SET
  region_en = 'Surakarta (Solo), Central Java; also Yogyakarta',
  theme_en = 'Flowers/stars: small flowers or stars, densely scattered',
  caveats_id = 'Menurut tradisi, motif ini dianggap karya Kanjeng Ratu Kencana (Ratu Beruk), permaisuri Pakubuwana III dari Surakarta, yang konon membuatnya ketika merasa kesepian di istana; ini legenda, belum diverifikasi di sini.'
WHERE key = 'truntum' AND updated_by IS NULL;

UPDATE motif_knowledge SET
  region_en = 'Surakarta and Yogyakarta, Central Java',
  theme_en = 'Framed ceplok/semen: fields filled with ornaments (butterflies, buildings, plants); one of the "sido" motifs',
  caveats_id = 'Termasuk keluarga motif "sido" (Sidomulyo, Sidoluhur, Sidoasih, Sidodrajat) yang ragam hias persisnya berbeda-beda menurut rumah batik; daftar ragam hias di atas adalah yang lazim, bukan yang baku. Untuk entri ini tidak ada sumber cetak khusus tentang motif ini yang diperiksa.'
WHERE key = 'sidomukti' AND updated_by IS NULL;

UPDATE motif_knowledge SET
  region_en = 'Yogyakarta and Surakarta, Central Java; also made on the coast (pesisir)',
  theme_en = 'Mixed: many different motifs in fields, like a map or patchwork',
  caveats_id = 'Etimologi lain menurunkan nama ini dari "kar" (dari bahasa Belanda kaart, peta) + jagad, yaitu peta dunia; sumber-sumber berbeda. Untuk entri ini tidak ada sumber cetak khusus tentang motif ini yang diperiksa.'
WHERE key = 'sekarjagad' AND updated_by IS NULL;

UPDATE motif_knowledge SET
  region_en = 'Central Java and the Special Region of Yogyakarta; widespread',
  theme_en = 'Geometric: one ornament (flower, star, circle, square) repeated symmetrically within square or circular fields',
  caveats_id = 'Ceplok adalah golongan motif, bukan satu motif (Kawung sering dimasukkan ke dalamnya); pembacaan kosmologis itu tafsiran yang umum, bukan makna yang baku.'
WHERE key = 'ceplok' AND updated_by IS NULL;

UPDATE motif_knowledge SET
  region_en = 'Central Java and the Special Region of Yogyakarta',
  theme_en = 'Diagonal geometric: parallel slanting bands filled with small ornaments',
  caveats_id = 'Banyak sumber memperlakukan lereng sebagai golongan motif diagonal yang mencakup parang, bukan sebagai motif tersendiri; makna yang diberikan bersifat umum dan belum pasti untuk tiap rancangan lereng.'
WHERE key = 'lereng' AND updated_by IS NULL;

UPDATE motif_knowledge SET
  region_en = 'Special Region of Yogyakarta (including Kotagede and its surroundings); also Surakarta',
  theme_en = 'Geometric, made of dots and short lines that imitate woven cloth',
  caveats_id = 'Asal-usul dari kain patola banyak diulang, tetapi sejarah persisnya belum pasti; tafsiran "kesabaran" lebih menggambarkan tekniknya daripada makna simbolis yang terdokumentasi.'
WHERE key = 'nitik' AND updated_by IS NULL;

UPDATE motif_knowledge SET
  region_en = 'Central Java and the Special Region of Yogyakarta (the Yogyakarta and Surakarta courts)',
  theme_en = 'Non-geometric: budding plants together with mountains, buildings, animals and garuda wings (lar)',
  caveats_id = 'Padanan tiap unsur dengan salah satu sifat Hastabrata berbeda-beda antarversi cerita; anggaplah pemetaan itu sebagai tafsiran.'
WHERE key = 'semen' AND updated_by IS NULL;

UPDATE motif_knowledge SET
  region_en = 'Special Region of Yogyakarta and Central Java',
  theme_en = 'Patchwork: triangular or square fields filled with different motifs, like a patched cloth',
  caveats_id = 'Kebiasaan penyembuhan ini dilaporkan dalam sumber populer; tidak ada sumber ilmiah khusus tentang motif ini yang diperiksa. Kaitan dengan jubah bertambal para biksu Buddha kadang disebut sebagai asal-usulnya dan belum pasti.'
WHERE key = 'tambal' AND updated_by IS NULL;

UPDATE motif_knowledge SET
  region_en = 'Tanjung Bumi, Bangkalan Regency, Madura, East Java',
  theme_en = 'Strongly coloured coastal (pesisir) batik of Madura; the name comes from the dyeing technique, not from one ornament',
  caveats_id = 'Lama pewarnaan sangat berbeda-beda antarpenuturan; cerita para istri yang menunggu adalah tradisi populer. Gentongan adalah nama teknik dan gaya, sehingga gambar berlabel ini dapat menampilkan ragam hias yang beragam.'
WHERE key = 'gentongan' AND updated_by IS NULL;
