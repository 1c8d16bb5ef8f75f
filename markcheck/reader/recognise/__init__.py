"""One recogniser per marking family: each finds its family's spans on the lines the layout
hands it, asks the grammars to parse them, and keeps what it read. Each declares its gate as
data (`WORDS`: a word every line it reads holds; `LINE_START`: how such a line starts), so the
pass can skip a line without calling it."""
