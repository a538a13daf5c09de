/* A cursor over one term's compact postings (index/_postings.py), decoding one
 * block of 128 at a time (the layout: index/_block_codec.py): the gaps' low bits at the
 * block's width, the exceptions' places and high bits when the block is patched, then the
 * block's smallest impact and each impact above it, bit-packed.  Included by _maxscore.c.
 *
 * Every decoded block is checked: its last document must be the one recorded for it, and
 * below the number of documents; its bytes must lie inside the data.  A damaged block ends
 * the cursor and sets ``damaged`` (the caller raises): nothing is read or written outside
 * the arrays.
 */
#ifndef SPEECHBOT_BLOCKS_H
#define SPEECHBOT_BLOCKS_H

#include <stdint.h>
#include <string.h>

#define BLOCK 128
#define PATCHED 0x80 /* widths[b]: the block has exceptions */
#define WIDTH 0x3F   /* widths[b]: the gaps' low bits */

/* A block's bit-packed values and their widths, as decoded. */
typedef struct {
    const uint8_t *gaps, *places, *highs, *impacts;
    int n, w, e, xw, iw, base;
    uint64_t mask, imask;
} Packed;

typedef struct {
    const uint8_t *data; /* the field's blocks, ending with 8 zero bytes */
    int64_t data_len;
    const void *offsets; /* this term's blocks: byte offset in data, int32 or int64 */
    int wide_offsets;
    const int32_t *lasts;   /* last document */
    const uint8_t *bmax;    /* largest quantised impact */
    const uint8_t *widths;  /* bits per gap (low), and PATCHED */
    int64_t size, n_blocks; /* postings, blocks */
    int32_t n_docs;
    double unit; /* the score of one step of quantised impact (query weight x scale) */
    /* the cursor: posting ``pos`` of block ``block`` (n_blocks: past the end) */
    int64_t block, decoded; /* decoded: the block docs/impacts hold, -1 none */
    int pos, count;
    int damaged;
    int32_t docs[BLOCK];
    Packed packed;     /* the decoded block's impacts, unpacked when first wanted whole */
    int impacts_ready; /* whether impacts holds them */
    uint8_t impacts[BLOCK];
} Cursor;

static inline uint64_t load64(const uint8_t *p)
{
    uint64_t v;
    memcpy(&v, p, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    v = __builtin_bswap64(v); /* the gaps are little-endian */
#endif
    return v;
}

static void cursor_init(Cursor *c)
{
    c->block = 0;
    c->decoded = -1;
    c->pos = 0;
    c->count = 0;
    c->damaged = 0;
    c->impacts_ready = 0;
}

static inline void cursor_fail(Cursor *c)
{
    c->damaged = 1;
    c->block = c->n_blocks;
}

static inline int bits_of(unsigned v)
{
    return v ? 32 - __builtin_clz(v) : 0;
}

/* Block b's postings, gap, exception and impact bits; 0, or -1 (and the cursor ended) if
   its bytes do not lie inside the data.  8 bytes at least follow the impacts (another
   block, or the zeros at the end): the decoder reads 8 at any value. */
static inline int block_bits(Cursor *c, int64_t b, Packed *p)
{
    const int n = b + 1 < c->n_blocks ? BLOCK : (int)(c->size - BLOCK * (c->n_blocks - 1));
    const int raw = c->widths[b];
    const int w = raw & WIDTH;
    const int64_t off = c->wide_offsets ? ((const int64_t *)c->offsets)[b]
                                        : ((const int32_t *)c->offsets)[b];
    /* every block holds its smallest impact, at least: 1 byte */
    if (n < 1 || n > BLOCK || w > 32 || off < 0 || off > c->data_len - 8 - 1) goto damaged;
    int e = 0, xw = 0, head = 0;
    if (raw & PATCHED) {
        if (off > c->data_len - 8 - 3) goto damaged;
        e = c->data[off];
        xw = c->data[off + 1];
        head = 2;
        if (e < 1 || e > n || xw < 1 || w + xw > 32) goto damaged;
    }
    const int64_t places = off + head + ((int64_t)n * w + 7) / 8;
    const int64_t at_base = places + e + ((int64_t)e * xw + 7) / 8;
    if (at_base > c->data_len - 8 - 1) goto damaged;
    const int base = c->data[at_base];
    if (base < 1 || base > c->bmax[b]) goto damaged;
    const int iw = bits_of((unsigned)(c->bmax[b] - base));
    if (at_base + 1 + ((int64_t)n * iw + 7) / 8 > c->data_len - 8) goto damaged;
    p->n = n;
    p->w = w;
    p->e = e;
    p->xw = xw;
    p->iw = iw;
    p->base = base;
    p->mask = w ? ~(uint64_t)0 >> (64 - w) : 0;
    p->imask = iw ? ~(uint64_t)0 >> (64 - iw) : 0;
    p->gaps = c->data + off + head;
    p->places = c->data + places;
    p->highs = c->data + places + e;
    p->impacts = c->data + at_base + 1;
    return 0;
damaged:
    cursor_fail(c);
    return -1;
}

/* The i-th value of bits packed at w bits each (mask of w bits). */
static inline int64_t packed_value(const uint8_t *bits, int i, int w, uint64_t mask)
{
    const uint64_t at = (uint64_t)i * (uint64_t)w;
    return (int64_t)((load64(bits + (at >> 3)) >> (at & 7)) & mask);
}

/* The i-th impact of a block. */
static inline int block_impact(const Packed *p, int i)
{
    return p->base + (int)packed_value(p->impacts, i, p->iw, p->imask);
}

/* Whether a block decoded from ``base`` to ``last`` is whole: gaps are >= 0, so the
   documents ascend from base + 1 to last, and checking both ends checks them all (and that
   none overflowed). */
static inline int block_sound(const Cursor *c, int64_t b, int64_t base, int64_t last)
{
    return base >= -1 && last == c->lasts[b] && last < c->n_docs;
}

/* Decode the cursor's block into docs/impacts; 0, or -1 (and the cursor ended) if damaged. */
/* A block's gaps into g, the exceptions patched in; 0, or -1 (and the cursor ended) if an
   exception's place is outside the block. */
static inline int block_gaps(Cursor *c, const Packed *p, uint32_t *restrict g)
{
    const int n = p->n, w = p->w;
    if (w) {
        for (int i = 0; i < n; i++) g[i] = (uint32_t)packed_value(p->gaps, i, w, p->mask);
    } else {
        memset(g, 0, sizeof(uint32_t) * (size_t)n);
    }
    if (p->e) { /* w + xw <= 32: a patched gap fits */
        const uint64_t xmask = ~(uint64_t)0 >> (64 - p->xw);
        for (int j = 0; j < p->e; j++) {
            const int at = p->places[j];
            if (at >= n) {
                cursor_fail(c);
                return -1;
            }
            g[at] |= (uint32_t)packed_value(p->highs, j, p->xw, xmask) << w;
        }
    }
    return 0;
}

/* A block's quantised impacts into q. */
static inline void block_impacts(const Packed *p, uint8_t *restrict q)
{
    if (!p->iw) {
        memset(q, p->base, (size_t)p->n);
        return;
    }
    for (int i = 0; i < p->n; i++) q[i] = (uint8_t)block_impact(p, i);
}

/* Decode the cursor's block into docs/impacts; 0, or -1 (and the cursor ended) if damaged. */
static int cursor_decode(Cursor *c)
{
    const int64_t b = c->block;
    Packed p;
    uint32_t gaps[BLOCK];
    if (block_bits(c, b, &p) < 0 || block_gaps(c, &p, gaps) < 0) return -1;
    const int64_t base = b ? c->lasts[b - 1] : -1;
    int64_t doc = base;
    for (int i = 0; i < p.n; i++) {
        doc += (int64_t)gaps[i] + 1;
        c->docs[i] = (int32_t)doc;
    }
    if (!block_sound(c, b, base, doc)) {
        cursor_fail(c);
        return -1;
    }
    c->packed = p;
    c->impacts_ready = 0;
    c->count = p.n;
    c->decoded = b;
    return 0;
}

/* The decoded block's impacts, unpacked once. */
static inline const uint8_t *cursor_impacts(Cursor *c)
{
    if (!c->impacts_ready) {
        block_impacts(&c->packed, c->impacts);
        c->impacts_ready = 1;
    }
    return c->impacts;
}

/* One impact of the decoded block (a list searched document by document reads one). */
static inline int cursor_impact(const Cursor *c, int i)
{
    return c->impacts_ready ? c->impacts[i] : block_impact(&c->packed, i);
}

/* The cursor's document; INT32_MAX past the end. */
static inline int32_t cursor_doc(Cursor *c)
{
    if (c->block >= c->n_blocks) return INT32_MAX;
    if (c->decoded != c->block && cursor_decode(c) < 0) return INT32_MAX;
    return c->docs[c->pos];
}

/* The first block from ``from`` on whose last document is >= d (galloping over lasts). */
static inline int64_t block_at_least(const Cursor *c, int64_t from, int32_t d)
{
    const int32_t *lasts = c->lasts;
    int64_t lo = from, n = c->n_blocks, step = 1, hi;
    if (lo >= n || lasts[lo] >= d) return lo;
    hi = lo + 1;
    while (hi < n && lasts[hi] < d) {
        lo = hi;
        step <<= 1;
        hi = lo + step;
    }
    if (hi > n) hi = n;
    while (lo + 1 < hi) { /* lasts[lo] < d, and lasts[hi] >= d or hi == n */
        const int64_t mid = lo + (hi - lo) / 2;
        if (lasts[mid] < d) lo = mid;
        else hi = mid;
    }
    return hi;
}

/* Move the cursor to the first posting whose document is >= d. */
static inline void cursor_seek(Cursor *c, int32_t d)
{
    if (c->block >= c->n_blocks) return;
    if (c->lasts[c->block] < d) {
        c->block = block_at_least(c, c->block + 1, d);
        c->pos = 0;
        if (c->block >= c->n_blocks) return;
    }
    if (c->decoded != c->block && cursor_decode(c) < 0) return;
    const int32_t *docs = c->docs;
    int lo = c->pos, hi = c->count - 1; /* docs[hi] == lasts[block] >= d */
    if (docs[lo] >= d) return;
    while (lo + 1 < hi) {
        const int mid = lo + (hi - lo) / 2;
        if (docs[mid] < d) lo = mid;
        else hi = mid;
    }
    c->pos = hi;
}

/* The largest quantised impact of the cursor's blocks that may hold a document below end. */
static inline int cursor_max_before(const Cursor *c, int32_t end)
{
    int best = 0;
    for (int64_t j = c->block; j < c->n_blocks; j++) {
        if (j > c->block && c->lasts[j - 1] + 1 >= end) break;
        if (c->bmax[j] > best) best = c->bmax[j];
    }
    return best;
}

/* About how many postings the cursor has below end (whole blocks: an upper bound). */
static inline int64_t cursor_count_before(const Cursor *c, int32_t end)
{
    if (c->block >= c->n_blocks) return 0;
    const int64_t j = block_at_least(c, c->block, end);
    return (j - c->block + 1) * BLOCK - c->pos;
}

#endif
