/* Exact top k of a weighted sum of impact lists: MaxScore, window by window, compiled.
 *
 * top_k(lists, k, n_docs, groups) -> (docs, scores)   at most k of each, in no order
 *   lists   sequence of (data uint8[], offsets int32[] or int64[], lasts int32[], bmax uint8[],
 *           widths uint8[], size, unit, maximum): one term's compact postings
 *           (index/_postings.py: its blocks' offsets in the field's data, last documents,
 *           largest quantised impacts and gap widths (and whether patched); its number of
 *           postings), the score of one step of quantised impact, and at least unit x its
 *           largest; best maximum first
 *   groups  None, or (starts int64[], ends int64[], values float64[]): ranges of documents
 *           (ascending, not overlapping) whose matching documents gain ``values``
 *
 * Blocks are decoded by index/_blocks.h.  Documents are taken in windows of WINDOW
 * consecutive ids (the window's scores, 32 KB of doubles, stay in the L1 cache: adding
 * postings into one array of all documents is bound by cache misses).  In each window, the
 * lists present there whose maxima over the window's blocks, added up (with the most a group
 * gives there), cannot lift a document above the k-th best score so far bring in no
 * document (Turtle and Flood's MaxScore, with block-max bounds per window: a list absent
 * from a window adds nothing to them, and a window whose bound is below the k-th best is
 * skipped).  Those lookup lists are added in one pass like the others when they have few
 * postings in the window: a document only they hold stays below the k-th best, so no mark
 * of the documents brought in is needed.  One with many postings there is searched per
 * document, highest maximum first, only while the document can still make the top k.  The
 * window's scores are then compared with a bound 16 at a time (SSE2): in most chunks no
 * document can make the top k, and only the others are looked at one by one.  A heap holds
 * the k best so far, their scores rounded to float32 as ``ranking.top_k`` compares them;
 * ties go to the lower document, as there.  Scores are sums of doubles, unit x impact, the
 * same products the numpy loop adds: in float32 the order of the additions cannot show.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__) && !defined(MAXSCORE_PLAIN_C)
#include <emmintrin.h>
#endif

#include "_blocks.h"

#define WINDOW 4096
#ifndef SCAN_RATIO
#define SCAN_RATIO 4 /* postings scanned rather than one search per document */
#endif
#define CHUNK 16     /* scores compared with a bound at once */
#define SLACK 1e-9   /* bounds are sums of doubles, added in another order than scores */

typedef struct {
    Py_buffer views[5];
    int n_views;
    double maximum;
    Cursor c;
} List;

typedef struct {
    float score;
    int32_t doc;
} Entry;

/* a worse than b: lower score, or the same score and a later document */
static inline int worse(Entry a, Entry b)
{
    return a.score < b.score || (a.score == b.score && a.doc > b.doc);
}

static void heap_push(Entry *heap, int *size, int k, Entry e)
{
    if (*size < k) {
        int c = (*size)++;
        while (c > 0 && worse(e, heap[(c - 1) / 2])) {
            heap[c] = heap[(c - 1) / 2];
            c = (c - 1) / 2;
        }
        heap[c] = e;
        return;
    }
    if (!worse(heap[0], e)) return;
    int c = 0;
    for (;;) {
        int l = 2 * c + 1, r = l + 1, m = c;
        Entry me = e;
        if (l < k && worse(heap[l], me)) { m = l; me = heap[l]; }
        if (r < k && worse(heap[r], me)) { m = r; }
        if (m == c) break;
        heap[c] = heap[m];
        c = m;
    }
    heap[c] = e;
}

typedef struct {
    const int64_t *starts, *ends;
    const double *values;
    Py_ssize_t size, at;
    double maximum;
} Groups;

static inline double group_value(Groups *g, int32_t d)
{
    if (!g->size) return 0.0;
    while (g->at < g->size && g->ends[g->at] <= d) g->at++;
    if (g->at < g->size && g->starts[g->at] <= d) return g->values[g->at];
    return 0.0;
}

/* Add a list's postings of the window [start, start + WINDOW), from its cursor on, and
   return how many; -1 when a document is outside the window (a damaged list: nothing is
   written outside the array). */
static int64_t add_postings(Cursor *c, int32_t start, double *restrict acc,
                            uint8_t *restrict touched)
{
    const double u = c->unit;
    const int32_t end = start + WINDOW;
    uint32_t seen = 0;
    int64_t added = 0;
    while (c->block < c->n_blocks) {
        if (c->pos == 0 && c->decoded != c->block && c->lasts[c->block] < end) {
            /* a whole block inside the window: unpacked and added, not kept */
            const int64_t b = c->block;
            Packed pk;
            uint32_t g[BLOCK];
            uint8_t q[BLOCK];
            if (block_bits(c, b, &pk) < 0 || block_gaps(c, &pk, g) < 0) break;
            block_impacts(&pk, q);
            const int n = pk.n;
            const int64_t base = b ? c->lasts[b - 1] : -1;
            int64_t doc = base;
            for (int i = 0; i < n; i++) {
                doc += (int64_t)g[i] + 1;
                const uint32_t offset = (uint32_t)(doc - start);
                seen |= offset;
                acc[offset & (WINDOW - 1)] += u * q[i];
                touched[(offset & (WINDOW - 1)) / CHUNK] = 1;
            }
            if (!block_sound(c, b, base, doc)) {
                cursor_fail(c);
                break;
            }
            added += n;
            c->block++;
            continue;
        }
        if (c->decoded != c->block && cursor_decode(c) < 0) break;
        const int32_t *restrict docs = c->docs;
        const uint8_t *restrict impacts = cursor_impacts(c);
        const int n = c->count;
        int p = c->pos;
        if (c->lasts[c->block] < end) { /* the whole rest of the block */
            for (; p < n; p++) {
                const uint32_t offset = (uint32_t)(docs[p] - start);
                seen |= offset;
                acc[offset & (WINDOW - 1)] += u * impacts[p];
                touched[(offset & (WINDOW - 1)) / CHUNK] = 1;
            }
        } else {
            for (; p < n && docs[p] < end; p++) {
                const uint32_t offset = (uint32_t)(docs[p] - start);
                seen |= offset;
                acc[offset & (WINDOW - 1)] += u * impacts[p];
                touched[(offset & (WINDOW - 1)) / CHUNK] = 1;
            }
        }
        added += p - c->pos;
        if (p < n) {
            c->pos = p;
            break;
        }
        c->block++;
        c->pos = 0;
    }
    return (seen & ~(uint32_t)(WINDOW - 1)) ? -1 : added;
}

/* The most the groups give a document of [start, end). */
static double window_lift(Groups *g, int32_t start, int32_t end)
{
    while (g->at < g->size && g->ends[g->at] <= start) g->at++;
    double best = 0.0;
    for (Py_ssize_t i = g->at; i < g->size && g->starts[i] < end; i++)
        if (g->values[i] > best) best = g->values[i];
    return best * (1 + 1e-5); /* float32 sums round */
}

/* What a document's score must exceed to enter the top k once it is full.  Documents come
   in ascending order, so one that ties the k-th best (in float32, as ranking.top_k
   compares) comes after it and stays out; and a double at most this rounds to at most the
   k-th best in float32 (the next float32 is more than 2^-24 of it away). */
static inline double reach(double threshold)
{
    return isfinite(threshold) ? threshold + fabs(threshold) * 0x1p-26 : -INFINITY;
}

/* Whether one of 16 scores is above ``bound``. */
#if defined(__SSE2__) && !defined(MAXSCORE_PLAIN_C)
static inline int any_above(const double *s, double bound)
{
    const __m128d b = _mm_set1_pd(bound);
    __m128d m = _mm_cmpgt_pd(_mm_loadu_pd(s), b);
    for (int j = 2; j < 16; j += 2) m = _mm_or_pd(m, _mm_cmpgt_pd(_mm_loadu_pd(s + j), b));
    return _mm_movemask_pd(m);
}
#else
static inline int any_above(const double *s, double bound)
{
    /* two running maxima, which compilers keep in one vector register */
    double m[2] = {s[0], s[1]};
    for (int j = 2; j < 16; j += 2)
        for (int l = 0; l < 2; l++) m[l] = s[j + l] > m[l] ? s[j + l] : m[l];
    return m[0] > bound || m[1] > bound;
}
#endif

/* The documents of the window whose score (``acc``, then zeroed) may make the top k: their
   lift and searched lookups added, pushed into the heap. */
static void collect(double *restrict acc, uint8_t *restrict touched, int32_t start, List *lists,
                    const Py_ssize_t *lookups, Py_ssize_t n_lookups, const double *lookup_rest,
                    Groups *groups, double lift, Entry *heap, int *size, int k,
                    double *threshold)
{
    /* a bound no document at or below can make it with, compared 16 scores at a time: most
       chunks have none above it (a score of 0: no posting there) */
    double need = reach(*threshold);
    double bound = fmax(need - lookup_rest[0] - lift, 0.0);
    for (int c = 0; c < WINDOW; c += CHUNK) {
        if (!touched[c / CHUNK]) continue; /* no posting there */
        touched[c / CHUNK] = 0;
        if (!any_above(acc + c, bound)) {
            for (int j = 0; j < CHUNK; j++) acc[c + j] = 0.0;
            continue;
        }
        for (int j = 0; j < CHUNK; j++) {
            double s = acc[c + j];
            if (!(s > bound)) continue;
            const int32_t d = start + c + j;
            if (lift > 0.0) s += group_value(groups, d);
            Py_ssize_t i = 0;
            for (; i < n_lookups; i++) {
                if (s + lookup_rest[i] <= need) break;
                Cursor *cur = &lists[lookups[i]].c;
                cursor_seek(cur, d);
                if (cursor_doc(cur) == d) s += cur->unit * cursor_impact(cur, cur->pos);
            }
            if (i < n_lookups || !(s > need)) continue; /* cannot make the top k */
            heap_push(heap, size, k, (Entry){(float)s, d});
            if (*size == k) {
                *threshold = heap[0].score;
                need = reach(*threshold);
                bound = fmax(need - lookup_rest[0] - lift, 0.0);
            }
        }
        for (int j = 0; j < CHUNK; j++) acc[c + j] = 0.0;
    }
}

/* 0, -1 when a block is damaged, -2 out of memory */
static int run(List *lists, Py_ssize_t n, int k, Groups *groups, Entry *heap, int *found)
{
    double *rest = malloc(sizeof(double) * (n + 1));
    double *lookup_rest = malloc(sizeof(double) * (n + 1));
    double *here = malloc(sizeof(double) * (n ? n : 1));
    Py_ssize_t *lookups = malloc(sizeof(Py_ssize_t) * (n ? n : 1));
    double *acc = calloc(WINDOW, sizeof(double));
    uint8_t *touched = calloc(WINDOW / CHUNK, 1); /* the chunks of acc that postings reached */
    int status = 0;
    if (!rest || !lookup_rest || !here || !lookups || !acc || !touched) { status = -2; goto out; }
    rest[n] = 0.0;
    for (Py_ssize_t i = n - 1; i >= 0; i--) rest[i] = rest[i + 1] + lists[i].maximum;
    const double lifting = groups->size ? groups->maximum * (1 + 1e-5) : 0.0;
    int size = 0;
    double threshold = -INFINITY; /* the k-th best score so far, once there are k */
    Py_ssize_t essential = n;      /* lists [essential, n) bring in no document anywhere */
    for (;;) {
        const double need = reach(threshold);
        while (essential > 0 && rest[essential - 1] + lifting <= need) essential--;
        int32_t next = INT32_MAX; /* the window: where the first essential posting left is */
        for (Py_ssize_t i = 0; i < essential; i++) {
            const int32_t d = cursor_doc(&lists[i].c);
            if (d < next) next = d;
        }
        if (next == INT32_MAX) break;
        const int32_t start = next - next % WINDOW, end = start + WINDOW;
        /* bounds of this window: a list adds at most its largest impact in the blocks that
           overlap it, nothing if it has no posting here; groups that do not overlap it add
           nothing */
        const double lift = groups->size ? window_lift(groups, start, end) : 0.0;
        double present = lift;
        for (Py_ssize_t i = 0; i < n; i++) {
            Cursor *c = &lists[i].c;
            cursor_seek(c, start); /* a list may lag behind */
            here[i] = cursor_doc(c) < end
                          ? cursor_max_before(c, end) * c->unit * (1 + SLACK) : 0.0;
            present += here[i];
        }
        if (present <= need) { /* nothing here can make the top k */
            for (Py_ssize_t i = 0; i < n; i++) cursor_seek(&lists[i].c, end);
            continue;
        }
        /* the lists present here with the smallest maxima, together below the threshold,
           bring in no document: a document they alone hold scores below it */
        Py_ssize_t first_lookup = n;
        double looked = lift;
        for (Py_ssize_t i = n - 1; i >= 0; i--) {
            if (!here[i]) continue;
            if (looked + here[i] > need) break;
            looked += here[i];
            first_lookup = i;
        }
        int64_t brought = 0; /* postings of the lists that bring documents in */
        for (Py_ssize_t i = 0; i < first_lookup; i++) {
            if (!here[i]) continue;
            const int64_t added = add_postings(&lists[i].c, start, acc, touched);
            if (added < 0) { status = -1; goto out; }
            brought += added;
        }
        /* the others are added in one pass when they have few postings here (a document
           that only they hold stays below the threshold); one with many is searched for
           each document that may make it, best maximum first, while it still may */
        Py_ssize_t n_lookups = 0;
        for (Py_ssize_t i = first_lookup; i < n; i++) {
            if (!here[i]) continue;
            Cursor *c = &lists[i].c;
            if (cursor_count_before(c, end) > SCAN_RATIO * brought) {
                lookups[n_lookups++] = i;
                continue;
            }
            if (add_postings(c, start, acc, touched) < 0) { status = -1; goto out; }
        }
        lookup_rest[n_lookups] = 0.0;
        for (Py_ssize_t j = n_lookups - 1; j >= 0; j--)
            lookup_rest[j] = lookup_rest[j + 1] + here[lookups[j]];
        collect(acc, touched, start, lists, lookups, n_lookups, lookup_rest, groups, lift, heap,
                &size, k, &threshold);
        for (Py_ssize_t j = 0; j < n_lookups; j++) cursor_seek(&lists[lookups[j]].c, end);
    }
    for (Py_ssize_t i = 0; i < n; i++)
        if (lists[i].c.damaged) { status = -1; goto out; }
    *found = size;
out:
    free(rest);
    free(lookup_rest);
    free(here);
    free(lookups);
    free(acc);
    free(touched);
    if (status) *found = 0;
    return status;
}

/* a contiguous buffer of ``itemsize``-byte items (0: 4 or 8) of kind 'i' (signed int), 'u'
   (unsigned byte) or 'f' (float) */
static int get_buffer(PyObject *obj, Py_buffer *view, Py_ssize_t itemsize, char kind,
                      const char *what)
{
    if (PyObject_GetBuffer(obj, view, PyBUF_C_CONTIGUOUS | PyBUF_FORMAT) < 0) return -1;
    const char *f = view->format ? view->format : "B";
    if (*f == '<' || *f == '=' || *f == '@') f++;
    int ok = kind == 'i'   ? *f == 'i' || *f == 'l' || *f == 'q'
             : kind == 'u' ? *f == 'B'
                           : *f == 'f' || *f == 'd';
    const int size_ok = itemsize ? view->itemsize == itemsize
                                 : view->itemsize == 4 || view->itemsize == 8;
    if (!size_ok || f[1] != '\0' || !ok) {
        PyErr_Format(PyExc_TypeError, "%s: expected a contiguous %s%d array", what,
                     kind == 'i' ? "int" : kind == 'u' ? "uint" : "float",
                     (int)(8 * (itemsize ? itemsize : 8)));
        PyBuffer_Release(view);
        return -1;
    }
    return 0;
}

/* Fill a list from (data, offsets, lasts, bmax, widths, size, unit, maximum); -1 with an
   exception set (the views it took are in list->views[0, n_views)). */
static int parse_list(PyObject *item, List *list, Py_ssize_t n_docs)
{
    PyObject *obj[5];
    long long size;
    double unit, maximum;
    static const char *names[5] = {"data", "offsets", "lasts", "bmax", "widths"};
    static const char kinds[5] = {'u', 'i', 'i', 'u', 'u'};
    static const Py_ssize_t sizes[5] = {1, 0, 4, 1, 1}; /* offsets: int32 or int64 */
    if (!PyArg_ParseTuple(item, "OOOOOLdd", &obj[0], &obj[1], &obj[2], &obj[3], &obj[4], &size,
                          &unit, &maximum))
        return -1;
    for (int i = 0; i < 5; i++) {
        if (get_buffer(obj[i], &list->views[i], sizes[i], kinds[i], names[i]) < 0) return -1;
        list->n_views++;
    }
    Cursor *c = &list->c;
    c->data = list->views[0].buf;
    c->data_len = list->views[0].len;
    c->offsets = list->views[1].buf;
    c->wide_offsets = list->views[1].itemsize == 8;
    c->lasts = list->views[2].buf;
    c->bmax = list->views[3].buf;
    c->widths = list->views[4].buf;
    c->n_blocks = list->views[1].len / list->views[1].itemsize;
    c->size = size;
    c->n_docs = (int32_t)n_docs;
    c->unit = unit;
    list->maximum = maximum;
    cursor_init(c);
    if (list->views[2].len / 4 != c->n_blocks || list->views[3].len != c->n_blocks ||
        list->views[4].len != c->n_blocks || size < 0 ||
        c->n_blocks != (size + BLOCK - 1) / BLOCK) {
        PyErr_SetString(PyExc_ValueError, "a list's blocks do not match its size");
        return -1;
    }
    return 0;
}

static PyObject *top_k(PyObject *self, PyObject *args)
{
    PyObject *seq, *groups_obj;
    int k;
    Py_ssize_t n_docs;
    if (!PyArg_ParseTuple(args, "OinO", &seq, &k, &n_docs, &groups_obj)) return NULL;
    if (k < 1 || n_docs < 0 || n_docs > INT32_MAX) {
        PyErr_SetString(PyExc_ValueError, "k must be positive, n_docs within int32");
        return NULL;
    }
    PyObject *fast = PySequence_Fast(seq, "lists must be a sequence");
    if (!fast) return NULL;
    Py_ssize_t n = PySequence_Fast_GET_SIZE(fast), got = 0;
    List *lists = calloc(n ? n : 1, sizeof(List));
    Entry *heap = malloc(sizeof(Entry) * k);
    Py_buffer gviews[3];
    int have_groups = 0, found = 0, status = 0;
    Groups groups = {0};
    PyObject *result = NULL;
    if (!lists || !heap) { PyErr_NoMemory(); goto done; }
    for (; got < n; got++)
        if (parse_list(PySequence_Fast_GET_ITEM(fast, got), &lists[got], n_docs) < 0) {
            got++; /* its views are released below */
            goto done;
        }
    if (groups_obj != Py_None) {
        PyObject *starts, *ends, *values;
        if (!PyArg_ParseTuple(groups_obj, "OOO", &starts, &ends, &values)) goto done;
        if (get_buffer(starts, &gviews[0], 8, 'i', "starts") < 0) goto done;
        if (get_buffer(ends, &gviews[1], 8, 'i', "ends") < 0) {
            PyBuffer_Release(&gviews[0]);
            goto done;
        }
        if (get_buffer(values, &gviews[2], 8, 'f', "values") < 0) {
            PyBuffer_Release(&gviews[0]);
            PyBuffer_Release(&gviews[1]);
            goto done;
        }
        have_groups = 1;
        groups.starts = gviews[0].buf;
        groups.ends = gviews[1].buf;
        groups.values = gviews[2].buf;
        groups.size = gviews[0].len / 8;
        if (gviews[1].len / 8 != groups.size || gviews[2].len / 8 != groups.size) {
            PyErr_SetString(PyExc_ValueError, "starts, ends and values differ in length");
            goto done;
        }
        for (Py_ssize_t g = 0; g < groups.size; g++)
            if (groups.values[g] > groups.maximum) groups.maximum = groups.values[g];
    }
    Py_BEGIN_ALLOW_THREADS
    status = run(lists, n, k, &groups, heap, &found);
    Py_END_ALLOW_THREADS
    if (status == -1) {
        PyErr_SetString(PyExc_ValueError, "a block of postings is damaged (out of order or range)");
        goto done;
    }
    if (status) { PyErr_NoMemory(); goto done; }
    PyObject *docs = PyList_New(found), *scores = PyList_New(found);
    if (!docs || !scores) { Py_XDECREF(docs); Py_XDECREF(scores); goto done; }
    for (int i = 0; i < found; i++) {
        PyList_SET_ITEM(docs, i, PyLong_FromLong(heap[i].doc));
        PyList_SET_ITEM(scores, i, PyFloat_FromDouble(heap[i].score));
    }
    result = Py_BuildValue("(NN)", docs, scores);
done:
    for (Py_ssize_t i = 0; i < got; i++)
        for (int v = 0; v < lists[i].n_views; v++) PyBuffer_Release(&lists[i].views[v]);
    if (have_groups)
        for (int i = 0; i < 3; i++) PyBuffer_Release(&gviews[i]);
    free(lists);
    free(heap);
    Py_DECREF(fast);
    return result;
}

/* Which of ``docs`` (ascending) one list holds: a byte per document, 1 where it does.  Only
   the blocks that may hold them are decoded, so a common word costs no more than a rare one. */
static PyObject *holds(PyObject *self, PyObject *args)
{
    PyObject *item, *docs_obj, *result = NULL;
    Py_ssize_t n_docs;
    if (!PyArg_ParseTuple(args, "OnO", &item, &n_docs, &docs_obj)) return NULL;
    if (n_docs < 0 || n_docs > INT32_MAX) {
        PyErr_SetString(PyExc_ValueError, "n_docs must be within int32");
        return NULL;
    }
    List list = {0};
    Py_buffer view;
    if (parse_list(item, &list, n_docs) < 0) goto done;
    if (get_buffer(docs_obj, &view, 8, 'i', "docs") < 0) goto done;
    const int64_t *docs = view.buf;
    const Py_ssize_t n = view.len / 8;
    result = PyBytes_FromStringAndSize(NULL, n);
    if (result) {
        char *out = PyBytes_AS_STRING(result);
        Cursor *c = &list.c;
        int64_t before = -1;
        for (Py_ssize_t i = 0; i < n; i++) {
            const int64_t d = docs[i];
            if (d < before || d < 0 || d >= n_docs) {
                Py_CLEAR(result);
                PyErr_SetString(PyExc_ValueError, "docs must be ascending, within n_docs");
                break;
            }
            before = d;
            cursor_seek(c, (int32_t)d);
            out[i] = cursor_doc(c) == d;
        }
        if (result && c->damaged) {
            Py_CLEAR(result);
            PyErr_SetString(PyExc_ValueError, "a block of postings is damaged (out of order or range)");
        }
    }
    PyBuffer_Release(&view);
done:
    for (int v = 0; v < list.n_views; v++) PyBuffer_Release(&list.views[v]);
    return result;
}

static PyMethodDef methods[] = {
    {"top_k", top_k, METH_VARARGS,
     "top_k(lists, k, n_docs, groups) -> (docs, scores): the k best of the lists' sum"},
    {"holds", holds, METH_VARARGS,
     "holds(list, n_docs, docs) -> bytes: 1 for each of the ascending docs the list holds"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_maxscore", "Exact MaxScore top k over impact lists (compiled).",
    -1, methods};

#ifndef SOURCE_DIGEST
#define SOURCE_DIGEST ""
#endif

PyMODINIT_FUNC PyInit__maxscore(void) {
    PyObject *m = PyModule_Create(&module);
    if (m != NULL && PyModule_AddStringConstant(m, "SOURCE_DIGEST", SOURCE_DIGEST) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
