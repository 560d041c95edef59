"""The organisation: units (Perangkat Daerah / Unit Kerja) with their KBK, people and roles."""
