# Turn lexicons/quote-marks.txt into the C table quotes.c includes
# (quote-marks.inc). Usage: awk -f gen-quote-marks.awk quote-marks.txt
# Portable POSIX awk: no bit operators, so masks are written as C expressions.
function fail(msg) {
    printf "%s:%d: %s\n", FILENAME, FNR, msg > "/dev/stderr"
    failed = 1
    exit 1
}
# "U+201C" -> "0x201C, 0"; "U+0027+U+0027" (a mark of two characters) -> "0x0027, 0x0027"
function cp(field,    parts, k) {
    k = split(field, parts, "+")
    if (k == 2 && parts[1] == "U" && parts[2] ~ /^[0-9A-Fa-f][0-9A-Fa-f][0-9A-Fa-f][0-9A-Fa-f][0-9A-Fa-f]?[0-9A-Fa-f]?$/)
        return "0x" toupper(parts[2]) ", 0"
    if (k == 4 && parts[1] == "U" && parts[3] == "U" \
        && parts[2] ~ /^[0-9A-Fa-f][0-9A-Fa-f][0-9A-Fa-f][0-9A-Fa-f]$/ \
        && parts[4] ~ /^[0-9A-Fa-f][0-9A-Fa-f][0-9A-Fa-f][0-9A-Fa-f]$/)
        return "0x" toupper(parts[2]) ", 0x" toupper(parts[4])
    fail("expected a mark written U+XXXX or U+XXXX+U+XXXX, got '" field "'")
}
function mark(c, level) {
    if (!(c in idx)) {
        idx[c] = n
        code[n] = c
        closes[n] = ""
        lvl[n] = level
        n++
    } else if (level != "" && lvl[idx[c]] != "" && lvl[idx[c]] != level) {
        fail("mark " c " has two levels: " lvl[idx[c]] " and " level)
    } else if (level != "") {
        lvl[idx[c]] = level
    }
    return idx[c]
}
function hexval(h,    k, v) {
    v = 0
    for (k = 1; k <= length(h); k++)
        v = v * 16 + index("0123456789ABCDEF", toupper(substr(h, k, 1))) - 1
    return v
}
BEGIN { n = 0; ne = 0; failed = 0 }
{ sub(/#.*/, "") }
NF == 0 { next }
$1 == "pair" {
    if (NF < 4 || NF > 5) fail("pair needs OPEN CLOSE LEVEL [spaced]")
    if ($4 != "double" && $4 != "single" && $4 != "corner") fail("unknown level '" $4 "'")
    if (NF == 5 && $5 != "spaced") fail("unknown option '" $5 "'")
    o = mark(cp($2), $4); c = mark(cp($3), $4)
    if (n > 64) fail("more than 64 distinct marks")
    opens[o] = 1; closer[c] = 1
    if (o == c) sym[o] = 1
    if (NF == 5) { spaced_open[o] = 1; spaced_close[c] = 1 }
    closes[c] = closes[c] " | (UINT64_C(1) << " o ")"
    next
}
$1 == "apostrophe" {
    if (NF != 2) fail("apostrophe needs one MARK")
    a = cp($2)
    if (!(a in idx)) fail("apostrophe " $2 " is not a mark of any pair")
    apos[idx[a]] = 1
    next
}
$1 == "elision" {
    if (NF != 2 || $2 !~ /^[a-z]+'?$/) fail("elision needs one lower-case ASCII word")
    el[ne++] = $2
    next
}
{ fail("unknown record '" $1 "'") }
END {
    if (failed) exit 1
    if (n == 0) { print "quote-marks: no pair" > "/dev/stderr"; exit 1 }
    print "/* Generated from lexicons/quote-marks.txt by libquote/gen-quote-marks.awk."
    print "   Do not edit: edit the lexicon and rebuild. */"
    printf "#define LQ_QM_COUNT %d\n", n
    print "static const lq_qmark lq_qmarks[LQ_QM_COUNT] = {"
    for (i = 0; i < n; i++) {
        f = "0"
        if (opens[i]) f = f " | LQ_QM_OPENS"
        if (closer[i]) f = f " | LQ_QM_CLOSES"
        if (sym[i]) f = f " | LQ_QM_SYMMETRIC"
        if (spaced_open[i]) f = f " | LQ_QM_OPEN_SPACED"
        if (spaced_close[i]) f = f " | LQ_QM_CLOSE_SPACED"
        if (apos[i]) f = f " | LQ_QM_APOSTROPHE"
        printf "    {%s, LQ_QL_%s, %s, UINT64_C(0)%s},\n", code[i], toupper(lvl[i]), f, closes[i]
    }
    print "};"
    ascii = ""
    for (i = 0; i < n; i++) {
        split(code[i], two, ", ")
        if (two[1] ~ /^0x00[0-7]/) {
            c = sprintf("%c", hexval(substr(two[1], 5, 2)))
            if (c == "\"" || c == "\\") c = "\\" c
            if (index(ascii, c) == 0) ascii = ascii c
        }
    }
    printf "#define LQ_QM_ASCII \"%s\"\n", ascii
    printf "#define LQ_QM_ELISION_COUNT %d\n", ne
    printf "static const char *const lq_qm_elisions[LQ_QM_ELISION_COUNT + 1] = {"
    for (i = 0; i < ne; i++) printf "\"%s\", ", el[i]
    print "NULL};"
}
