"""Pure text processing, no Django: reading article files, Russian word forms and names.

`parsing` reads an article file; `stemming` gives the word forms search matches by;
`slugs` makes URL slugs; `morph`, `names` and `inflection` are the one Russian-language
layer: the pymorphy3 analyzer and its grammemes, a written name read back to the
nominative, and a name put in the case a sentence needs.
"""
