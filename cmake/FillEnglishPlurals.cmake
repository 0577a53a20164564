# cmake -DTS_FILE=…_en.ts -P FillEnglishPlurals.cmake: gives each plural message that lupdate
# has just added to the English catalogue its two forms by rule, "session(s)" read as "session"
# and "sessions", and leaves it unfinished: review it (Qt Linguist, or by hand), fix a singular
# that reads differently ("this session"), and drop type="unfinished". Filled forms are kept.
file(READ "${TS_FILE}" ts)
set(empty_forms "(<source>([^<]*)</source>(\n *<(extra)?comment>[^<]*</(extra)?comment>)*\n( *)<translation type=\"unfinished\">)\n *<numerusform></numerusform>\n *<numerusform></numerusform>")
while(ts MATCHES "${empty_forms}")
    set(found "${CMAKE_MATCH_0}")
    set(head "${CMAKE_MATCH_1}")
    set(source "${CMAKE_MATCH_2}")
    set(indent "${CMAKE_MATCH_6}    ")
    string(REPLACE "(s)" "" one "${source}")
    string(REPLACE "(s)" "s" many "${source}")
    string(REPLACE "${found}"
        "${head}\n${indent}<numerusform>${one}</numerusform>\n${indent}<numerusform>${many}</numerusform>"
        ts "${ts}")
endwhile()
file(WRITE "${TS_FILE}" "${ts}")
