/* Exact top k of a weighted sum of impact lists: MaxScore, window by window, compiled.
 *
 * top_k(lists, k, n_docs, groups) -> (docs, scores)   at most k of each, in no order
 *   lists   sequence of (docs int32[], impacts float32[], weight, maximum), best maximum
 *           first; each list's docs ascending and distinct, impacts >= 0, ``maximum`` at
 *           least weight x its largest impact
 *   groups  None, or (starts int64[], ends int64[], values float64[]): ranges of documents
 *           (ascending, not overlapping) whose matching documents gain ``values``
 *
 * Documents are taken in windows of WINDOW consecutive ids (the window's scores, 32 KB, stay
 * in the L1 cache: adding postings into one array of all documents is bound by cache
 * misses).  In each window, the lists present there whose maxima, added up (with the most a
 * group gives there), cannot lift a document above the k-th best score so far bring in no
 * document (Turtle and Flood's MaxScore, with bounds per window: a list absent from a
 * window adds nothing to them, and a window whose bound is below the k-th best is skipped).
 * Those lookup lists are added in one pass like the others when they have few postings in
 * the window: a document only they hold stays below the k-th best, so no mark of the
 * documents brought in is needed.  One with many postings there is searched per document,
 * highest maximum first, only while the document can still make the top k.  The window's
 * scores are then compared with a bound 16 at a time (SSE2): in most chunks no document can
 * make the top k, and only the others are looked at one by one.  A heap holds the k best so
 * far; ties go to the lower document, as in ``ranking.top_k``.  At 1M passages, 8-word
 * queries rank ~13x faster than with the dense numpy loop (bench/README.md).
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

#define WINDOW 8192
#define SCAN_RATIO 4 /* postings scanned rather than one search per document */

typedef struct {
    Py_buffer docs_view, impacts_view;
    const int32_t *docs;
    const float *impacts;
    float weight;
    double maximum;
    Py_ssize_t size, at; /* at: the cursor, the first posting not yet passed */
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

/* the first posting at or after the cursor whose document is >= d (galloping) */
static inline Py_ssize_t advance(List *list, int32_t d)
{
    const int32_t *docs = list->docs;
    Py_ssize_t lo = list->at, n = list->size, step = 1, hi;
    if (lo >= n || docs[lo] >= d) return lo;
    hi = lo + 1;
    while (hi < n && docs[hi] < d) {
        lo = hi;
        step <<= 1;
        hi = lo + step;
    }
    if (hi > n) hi = n;
    while (lo + 1 < hi) { /* docs[lo] < d, and docs[hi] >= d or hi == n */
        Py_ssize_t mid = lo + (hi - lo) / 2;
        if (docs[mid] < d) lo = mid;
        else hi = mid;
    }
    return hi;
}

typedef struct {
    const int64_t *starts, *ends;
    const double *values;
    Py_ssize_t size, at;
    double maximum;
} Groups;

static inline float group_value(Groups *g, int32_t d)
{
    if (!g->size) return 0.0f;
    while (g->at < g->size && g->ends[g->at] <= d) g->at++;
    if (g->at < g->size && g->starts[g->at] <= d) return (float)g->values[g->at];
    return 0.0f;
}

/* Add a list's postings of the window [start, start + WINDOW), from its cursor on, and
   return where they stop; -1 when a document is outside the window (a damaged list:
   nothing is written outside the array). */
static Py_ssize_t add_postings(const List *list, int32_t start, float *restrict acc)
{
    const int32_t *restrict docs = list->docs;
    const float *restrict impacts = list->impacts;
    const float w = list->weight;
    const int32_t end = start + WINDOW;
    uint32_t seen = 0;
    Py_ssize_t p = list->at;
    for (; p < list->size && docs[p] < end; p++) {
        const uint32_t offset = (uint32_t)(docs[p] - start);
        seen |= offset;
        acc[offset & (WINDOW - 1)] += w * impacts[p];
    }
    return (seen & ~(uint32_t)(WINDOW - 1)) ? -1 : p;
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

/* A float a little below ``bound`` (float32 rounds; the exact test follows) and above 0 (a
   score of 0: no posting there). */
static inline float float_bound(double bound)
{
    const float b = (float)(bound - fabs(bound) * 1e-6);
    return b > FLT_TRUE_MIN ? b : FLT_TRUE_MIN;
}

/* Whether one of 16 scores is at least ``bound``. */
#if defined(__SSE2__) && !defined(MAXSCORE_PLAIN_C)
static inline int any_at_least(const float *scores, float bound)
{
    const __m128 b = _mm_set1_ps(bound);
    const __m128 low = _mm_or_ps(_mm_cmpge_ps(_mm_loadu_ps(scores), b),
                                 _mm_cmpge_ps(_mm_loadu_ps(scores + 4), b));
    const __m128 high = _mm_or_ps(_mm_cmpge_ps(_mm_loadu_ps(scores + 8), b),
                                  _mm_cmpge_ps(_mm_loadu_ps(scores + 12), b));
    return _mm_movemask_ps(_mm_or_ps(low, high));
}
#else
static inline int any_at_least(const float *scores, float bound)
{
    /* four running maxima, which compilers keep in one vector register */
    float m[4] = {scores[0], scores[1], scores[2], scores[3]};
    for (int j = 4; j < 16; j += 4)
        for (int l = 0; l < 4; l++) m[l] = scores[j + l] > m[l] ? scores[j + l] : m[l];
    return m[0] >= bound || m[1] >= bound || m[2] >= bound || m[3] >= bound;
}
#endif

/* The documents of the window whose score (``acc``, then zeroed) may make the top k: their
   lift and searched lookups added, pushed into the heap. */
static void collect(float *restrict acc, int32_t start, List *lists, const Py_ssize_t *lookups,
                    Py_ssize_t n_lookups, const double *lookup_rest, Groups *groups,
                    double lift, Entry *heap, int *size, int k, double *threshold)
{
    /* a bound in float below which no document can make it, compared 16 scores at a time:
       most chunks have none above it */
    float bound = float_bound(*threshold - lookup_rest[0] - lift);
    for (int c = 0; c < WINDOW; c += 16) {
        if (!any_at_least(acc + c, bound)) continue;
        for (int j = 0; j < 16; j++) {
            float s = acc[c + j];
            if (!(s >= bound)) continue;
            const int32_t d = start + c + j;
            if (lift > 0.0) s += group_value(groups, d);
            Py_ssize_t i = 0;
            for (; i < n_lookups; i++) {
                if ((double)s + lookup_rest[i] < *threshold) break;
                List *list = &lists[lookups[i]];
                list->at = advance(list, d);
                if (list->at < list->size && list->docs[list->at] == d)
                    s += list->weight * list->impacts[list->at];
            }
            if (i < n_lookups || (double)s < *threshold) continue; /* cannot make the top k */
            heap_push(heap, size, k, (Entry){s, d});
            if (*size == k) {
                *threshold = heap[0].score;
                bound = float_bound(*threshold - lookup_rest[0] - lift);
            }
        }
    }
    memset(acc, 0, WINDOW * sizeof(float));
}

/* 0, -1 when a posting is out of order or out of range, -2 out of memory */
static int run(List *lists, Py_ssize_t n, int k, Py_ssize_t n_docs, Groups *groups,
               Entry *heap, int *found)
{
    double *rest = malloc(sizeof(double) * (n + 1));
    double *lookup_rest = malloc(sizeof(double) * (n + 1));
    Py_ssize_t *to = malloc(sizeof(Py_ssize_t) * (n ? n : 1));
    Py_ssize_t *lookups = malloc(sizeof(Py_ssize_t) * (n ? n : 1));
    float *acc = calloc(WINDOW, sizeof(float));
    int status = 0;
    if (!rest || !lookup_rest || !to || !lookups || !acc) { status = -2; goto out; }
    rest[n] = 0.0;
    for (Py_ssize_t i = n - 1; i >= 0; i--) rest[i] = rest[i + 1] + lists[i].maximum;
    for (Py_ssize_t i = 0; i < n; i++) {
        const List *l = &lists[i];
        if (l->size && (l->docs[0] < 0 || l->docs[l->size - 1] >= n_docs)) { status = -1; goto out; }
    }
    const double lifting = groups->size ? groups->maximum * (1 + 1e-5) : 0.0;
    int size = 0;
    double threshold = -INFINITY; /* the k-th best score so far, once there are k */
    Py_ssize_t essential = n;      /* lists [essential, n) bring in no document anywhere */
    for (;;) {
        while (essential > 0 && rest[essential - 1] + lifting < threshold) essential--;
        int32_t next = INT32_MAX; /* the window: where the first essential posting left is */
        for (Py_ssize_t i = 0; i < essential; i++)
            if (lists[i].at < lists[i].size && lists[i].docs[lists[i].at] < next)
                next = lists[i].docs[lists[i].at];
        if (next == INT32_MAX) break;
        const int32_t start = next - next % WINDOW, end = start + WINDOW;
        /* bounds of this window: lists with no posting in it add nothing, nor do groups
           that do not overlap it */
        const double lift = groups->size ? window_lift(groups, start, end) : 0.0;
        double present = lift;
        for (Py_ssize_t i = 0; i < n; i++) {
            List *l = &lists[i];
            l->at = advance(l, start); /* a list may lag behind */
            if (l->at < l->size && l->docs[l->at] < end) present += l->maximum;
        }
        if (present < threshold) { /* nothing here can make the top k */
            for (Py_ssize_t i = 0; i < n; i++) lists[i].at = advance(&lists[i], end);
            continue;
        }
        /* the lists present here with the smallest maxima, together below the threshold,
           bring in no document: a document they alone hold scores below it */
        Py_ssize_t first_lookup = n;
        double looked = lift;
        for (Py_ssize_t i = n - 1; i >= 0; i--) {
            const List *l = &lists[i];
            if (l->at == l->size || l->docs[l->at] >= end) continue;
            if (looked + l->maximum >= threshold) break;
            looked += l->maximum;
            first_lookup = i;
        }
        Py_ssize_t brought = 0; /* postings of the lists that bring documents in */
        for (Py_ssize_t i = 0; i < first_lookup; i++) {
            const Py_ssize_t stop = add_postings(&lists[i], start, acc);
            if (stop < 0) { status = -1; goto out; }
            brought += stop - lists[i].at;
            lists[i].at = stop;
        }
        /* the others are added in one pass when they have few postings here (a document
           that only they hold stays below the threshold); one with many is searched for
           each document that may make it, best maximum first, while it still may */
        Py_ssize_t n_lookups = 0;
        for (Py_ssize_t i = first_lookup; i < n; i++) {
            List *list = &lists[i];
            if (list->at == list->size || list->docs[list->at] >= end) continue;
            const Py_ssize_t stop = advance(list, end);
            if (stop - list->at > SCAN_RATIO * brought) {
                to[n_lookups] = stop;
                lookups[n_lookups++] = i;
                continue;
            }
            if (add_postings(list, start, acc) < 0) { status = -1; goto out; }
            list->at = stop;
        }
        lookup_rest[n_lookups] = 0.0;
        for (Py_ssize_t j = n_lookups - 1; j >= 0; j--)
            lookup_rest[j] = lookup_rest[j + 1] + lists[lookups[j]].maximum;
        collect(acc, start, lists, lookups, n_lookups, lookup_rest, groups, lift, heap, &size, k,
                &threshold);
        for (Py_ssize_t j = 0; j < n_lookups; j++) lists[lookups[j]].at = to[j];
    }
    *found = size;
out:
    free(rest);
    free(lookup_rest);
    free(to);
    free(lookups);
    free(acc);
    if (status) *found = 0;
    return status;
}

/* a contiguous buffer of ``itemsize``-byte items of kind 'i' (signed int) or 'f' (float) */
static int get_buffer(PyObject *obj, Py_buffer *view, Py_ssize_t itemsize, char kind,
                      const char *what)
{
    if (PyObject_GetBuffer(obj, view, PyBUF_C_CONTIGUOUS | PyBUF_FORMAT) < 0) return -1;
    const char *f = view->format ? view->format : "B";
    if (*f == '<' || *f == '=' || *f == '@') f++;
    int is_int = *f == 'i' || *f == 'l' || *f == 'q';
    int is_float = *f == 'f' || *f == 'd';
    if (view->itemsize != itemsize || f[1] != '\0' || !(kind == 'i' ? is_int : is_float)) {
        PyErr_Format(PyExc_TypeError, "%s: expected a contiguous %s%d array", what,
                     kind == 'i' ? "int" : "float", (int)(8 * itemsize));
        PyBuffer_Release(view);
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
    for (; got < n; got++) {
        PyObject *docs, *impacts;
        double weight, maximum;
        List *list = &lists[got];
        if (!PyArg_ParseTuple(PySequence_Fast_GET_ITEM(fast, got), "OOdd", &docs, &impacts,
                              &weight, &maximum))
            goto done;
        if (get_buffer(docs, &list->docs_view, 4, 'i', "docs") < 0) goto done;
        if (get_buffer(impacts, &list->impacts_view, 4, 'f', "impacts") < 0) {
            PyBuffer_Release(&list->docs_view);
            goto done;
        }
        list->docs = list->docs_view.buf;
        list->impacts = list->impacts_view.buf;
        list->weight = (float)weight;
        list->maximum = maximum;
        list->size = list->docs_view.len / 4;
        if (list->impacts_view.len / 4 != list->size) {
            got++;
            PyErr_SetString(PyExc_ValueError, "docs and impacts differ in length");
            goto done;
        }
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
    status = run(lists, n, k, n_docs, &groups, heap, &found);
    Py_END_ALLOW_THREADS
    if (status == -1) {
        PyErr_SetString(PyExc_ValueError, "a posting's document is out of order or range");
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
    for (Py_ssize_t i = 0; i < got; i++) {
        PyBuffer_Release(&lists[i].docs_view);
        PyBuffer_Release(&lists[i].impacts_view);
    }
    if (have_groups)
        for (int i = 0; i < 3; i++) PyBuffer_Release(&gviews[i]);
    free(lists);
    free(heap);
    Py_DECREF(fast);
    return result;
}

static PyMethodDef methods[] = {
    {"top_k", top_k, METH_VARARGS,
     "top_k(lists, k, n_docs, groups) -> (docs, scores): the k best of the lists' sum"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_maxscore", "Exact MaxScore top k over impact lists (compiled).",
    -1, methods};

PyMODINIT_FUNC PyInit__maxscore(void) { return PyModule_Create(&module); }
