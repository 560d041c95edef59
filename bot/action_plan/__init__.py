"""The KBK's rencana aksi: the year's programme items, their status and evidence, progress,
and the reminder to an item's owner before its month ends (Perbup Serang 121/2022 Pasal 6(4);
Perbup Bangka Selatan 8/2020 Pasal 13(4) b-c). Pure: no Telegram, no SQL."""
