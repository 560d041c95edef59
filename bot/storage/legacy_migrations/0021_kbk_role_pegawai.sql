-- people.kbk_role gains 'pegawai': an ASN of the unit with no place in its KBK. The
-- regulations do not make every ASN an Anggota (Bangka Selatan Pasal 13(3) d: the Anggota
-- represent the Bidang, Bagian, Subbagian or Seksi). Until now 'anggota' was the roster's
-- default for everyone who was not a KBK leader, so it becomes 'pegawai'; a unit marks its
-- representatives 'anggota' in the roster again.
ALTER TABLE people ADD COLUMN kbk_role_new TEXT NOT NULL DEFAULT 'pegawai' CHECK (kbk_role_new IN
    ('penanggung_jawab', 'ketua', 'sekretaris', 'anggota', 'fasilitator', 'pegawai'));
UPDATE people SET kbk_role_new = CASE kbk_role WHEN 'anggota' THEN 'pegawai' ELSE kbk_role END;
ALTER TABLE people DROP COLUMN kbk_role;
ALTER TABLE people RENAME COLUMN kbk_role_new TO kbk_role;
