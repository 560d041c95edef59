-- Escalation per the article: the KBK Ketua (berjenjang) does not answer an escalation, he
-- passes it on to the head of the Perangkat Daerah, optionally with a note the head reads
-- on the card. The note and who wrote it stay with the escalation.
ALTER TABLE problem_escalations ADD COLUMN forward_note TEXT;
ALTER TABLE problem_escalations ADD COLUMN forwarded_by INTEGER REFERENCES people (id);
