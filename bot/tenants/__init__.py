"""Many Pemda in one deployment: who they are (:mod:`.models`), where each one's data
lives (:mod:`.location`) and the registry that lists them (:mod:`.ports`)."""
