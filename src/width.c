/* Display width of code points, looked up in a table generated from the Unicode character database. */
#include "width.h"

typedef struct {
    uint32_t lo, hi;     /* inclusive range of code points */
    unsigned char width; /* 0 or 2; code points in no range are 1 */
} ck_width_range;

#include "width_table.h" /* build/gen, from scripts/gen_width.sh */

unsigned ck_width_codepoint(uint32_t cp)
{
    size_t lo = 0, hi = sizeof ck_width_table / sizeof ck_width_table[0];
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cp < ck_width_table[mid].lo)
            hi = mid;
        else if (cp > ck_width_table[mid].hi)
            lo = mid + 1;
        else
            return ck_width_table[mid].width;
    }
    return 1;
}

const char *ck_width_unicode_version(void) { return CK_WIDTH_UNICODE_VERSION; }
