/*
 * smaudit.reading._speedups: the YAML reader's common case in C, over libyaml.
 *
 * events._EventReader reads a file from libyaml's events through PyYAML, which makes a Python
 * object for every event and every mark: at 100,000 accounts that alone is most of a minute.
 * `read` walks the same libyaml events here and builds the same plain data and the same table
 * of places (see marks.py), for documents made of untagged scalars, mappings and sequences,
 * anchored or not, and aliases to them. It judges nothing: at anything else (a tag, an alias
 * to an anchor not defined yet or not finished, an anchor defined twice, a key that is not a
 * plain string, a duplicate key, a limit reached, a syntax error, several documents or none)
 * it gives up and returns None, and the Python reader reads the file again from the start,
 * which words every error exactly as before.
 *
 * An alias is read as the composing reader (composed.py) reads it: a copy of the anchored
 * value, each mapping and sequence new, at the anchored value's places. Each anchored value's
 * size and depth are known when it ends, so an alias that would take the document past the
 * value or depth limits is refused before anything is copied: a few lines that expand to
 * billions of values (an alias bomb) cost no more than reading them. Untagged plain scalars that may be more
 * than text are handed to the Python reader's own function (`plain`), so the YAML rules for
 * null, booleans and numbers live in one place.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>
#include <yaml.h>

typedef struct {
    char *data;
    size_t size, capacity; /* in bytes */
} Buffer;

typedef struct {
    yaml_parser_t parser;
    yaml_event_t event;
    int has_event;
    Py_ssize_t nodes, max_nodes, max_length;
    Py_ssize_t max_depth;
    PyObject *plain;   /* plain(text, mark) -> value, for scalars in `first` */
    PyObject *key_ok;  /* key_ok(text) -> bool, for plain keys in `first` */
    const char *first; /* first characters that have implicit resolvers */
    int empty_implicit; /* whether the empty plain scalar does */
    PyObject *shared;  /* mapping shapes by their keys (a dict of tuple -> dict) */
    PyObject *shapes;  /* list: a container's shape, by number */
    Buffer marks, refs, bases;
    Py_ssize_t containers;
    uint64_t too_many; /* where the value past max_nodes starts (0: not reached) */
    PyObject *anchor_index; /* anchor name (bytes) -> its position in `anchors` */
    Buffer anchors;         /* Anchor, in the order defined */
    Py_ssize_t deepest;     /* the deepest level read so far, for an anchored value's height */
} Reader;

/* An anchored value, for the aliases that follow it. */
typedef struct {
    PyObject *data;     /* NULL until the value ends: an alias to it before then is a cycle */
    uint64_t mark;
    int32_t number;     /* its container number, -1 for a scalar */
    Py_ssize_t size;    /* how many values it expands to, itself included */
    Py_ssize_t height;  /* how many levels it reaches below itself */
} Anchor;

/* Returned by a node function when the reader gives up without a Python error. */
#define GIVE_UP ((PyObject *)1)

static int buffer_add(Buffer *buffer, const void *item, size_t size) {
    if (size == 0) return 0; /* an empty container's children: nothing, not even a copy */
    if (buffer->size + size > buffer->capacity) {
        size_t capacity = buffer->capacity ? buffer->capacity * 2 : 4096;
        while (capacity < buffer->size + size) capacity *= 2;
        char *grown = PyMem_Realloc(buffer->data, capacity);
        if (grown == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        buffer->data = grown;
        buffer->capacity = capacity;
    }
    if (item != NULL) memcpy(buffer->data + buffer->size, item, size);
    buffer->size += size;
    return 0;
}

static int buffer_fill(Buffer *buffer, int byte, size_t size) {
    if (size == 0) return 0;
    if (buffer_add(buffer, NULL, size) < 0) return -1;
    memset(buffer->data + buffer->size - size, byte, size);
    return 0;
}

/* The next event; 0 when there is none to be had (a syntax error): give up. */
static int next_event(Reader *r) {
    if (r->has_event) {
        yaml_event_delete(&r->event);
        r->has_event = 0;
    }
    if (!yaml_parser_parse(&r->parser, &r->event)) return 0;
    r->has_event = 1;
    return 1;
}

static uint64_t place(const yaml_event_t *event) { /* packed as marks.pack packs */
    return ((uint64_t)(event->start_mark.line + 1) << 32) | (uint64_t)(event->start_mark.column + 1);
}

static int may_resolve(const Reader *r, const yaml_event_t *event) {
    if (!event->data.scalar.plain_implicit) return 0;
    if (event->data.scalar.length == 0) return r->empty_implicit;
    return strchr(r->first, event->data.scalar.value[0]) != NULL;
}

static PyObject *text(const yaml_event_t *event) {
    return PyUnicode_DecodeUTF8((const char *)event->data.scalar.value,
                                (Py_ssize_t)event->data.scalar.length, "strict");
}

/* One container's children, kept until it ends, then stored side by side (see marks.py). */
typedef struct {
    Buffer marks;    /* uint64_t per child */
    Buffer children; /* (int32 position, int32 number) per child that is a container */
    int32_t count;
} Children;

static void children_free(Children *c) {
    PyMem_Free(c->marks.data);
    PyMem_Free(c->children.data);
}

static int children_add(Children *c, uint64_t mark, int32_t number) {
    if (buffer_add(&c->marks, &mark, sizeof mark) < 0) return -1;
    if (number >= 0) {
        int32_t pair[2] = {c->count, number};
        if (buffer_add(&c->children, pair, sizeof pair) < 0) return -1;
    }
    c->count++;
    return 0;
}

/* Store a finished container; its number, or -1 on a Python error. `shape` is stolen. */
static int32_t store(Reader *r, Children *c, PyObject *shape) {
    if (shape == NULL) return -1;
    int64_t base = (int64_t)(r->marks.size / sizeof(uint64_t));
    if (r->containers >= INT32_MAX) {
        Py_DECREF(shape);
        PyErr_SetString(PyExc_OverflowError, "too many mappings and sequences");
        return -1;
    }
    int failed = buffer_add(&r->marks, c->marks.data, c->marks.size) < 0 ||
                 buffer_fill(&r->refs, 0xff, (size_t)c->count * sizeof(int32_t)) < 0;
    if (!failed) {  /* -1 for each child that is not a container, then the numbers of those that are */
        int32_t *refs = (int32_t *)r->refs.data + base;
        const int32_t *pairs = (const int32_t *)c->children.data;
        size_t n = c->children.size / (2 * sizeof(int32_t));
        for (size_t i = 0; i < n; i++) refs[pairs[2 * i]] = pairs[2 * i + 1];
        failed = buffer_add(&r->bases, &base, sizeof base) < 0;
    }
    if (failed || PyList_Append(r->shapes, shape) < 0) {
        Py_DECREF(shape);
        return -1;
    }
    Py_DECREF(shape);
    return (int32_t)r->containers++;
}

/* A mapping's shape: its position of each key, shared by every mapping with the same keys. */
static PyObject *mapping_shape(Reader *r, PyObject *mapping) {
    PyObject *keys = PyDict_Keys(mapping);
    if (keys == NULL) return NULL;
    PyObject *key_tuple = PyList_AsTuple(keys);
    Py_DECREF(keys);
    if (key_tuple == NULL) return NULL;
    PyObject *shape = PyDict_GetItemWithError(r->shared, key_tuple);
    if (shape != NULL) {
        Py_INCREF(shape);
        Py_DECREF(key_tuple);
        return shape;
    }
    if (PyErr_Occurred()) goto fail;
    shape = PyDict_New();
    if (shape == NULL) goto fail;
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(key_tuple); i++) {
        PyObject *position = PyLong_FromSsize_t(i);
        if (position == NULL || PyDict_SetItem(shape, PyTuple_GET_ITEM(key_tuple, i), position) < 0) {
            Py_XDECREF(position);
            Py_DECREF(shape);
            goto fail;
        }
        Py_DECREF(position);
    }
    if (PyDict_SetItem(r->shared, key_tuple, shape) < 0) {
        Py_DECREF(shape);
        goto fail;
    }
    Py_DECREF(key_tuple);
    return shape;
fail:
    Py_DECREF(key_tuple);
    return NULL;
}

static PyObject *node(Reader *r, Py_ssize_t depth, uint64_t *mark, int32_t *number);

static PyObject *scalar(Reader *r, uint64_t mark) {
    PyObject *value = text(&r->event);
    if (value == NULL) return NULL;
    if (PyUnicode_GET_LENGTH(value) > r->max_length) {
        Py_DECREF(value);
        return GIVE_UP;
    }
    if (!may_resolve(r, &r->event)) return value;
    PyObject *packed = PyLong_FromUnsignedLongLong(mark);
    if (packed == NULL) {
        Py_DECREF(value);
        return NULL;
    }
    PyObject *data = PyObject_CallFunctionObjArgs(r->plain, value, packed, NULL);
    Py_DECREF(value);
    Py_DECREF(packed);
    return data;
}

static PyObject *sequence(Reader *r, Py_ssize_t depth, int32_t *number) {
    PyObject *items = PyList_New(0);
    if (items == NULL) return NULL;
    Children c = {0};
    PyObject *result = GIVE_UP;
    for (;;) {
        if (!next_event(r)) goto done;
        if (r->event.type == YAML_SEQUENCE_END_EVENT) break;
        uint64_t mark;
        int32_t child;
        PyObject *item = node(r, depth + 1, &mark, &child);
        if (item == NULL || item == GIVE_UP) {
            result = item;
            goto done;
        }
        int failed = PyList_Append(items, item) < 0;
        Py_DECREF(item);
        if (failed || children_add(&c, mark, child) < 0) {
            result = NULL;
            goto done;
        }
    }
    *number = store(r, &c, PyLong_FromLong(c.count));
    result = *number < 0 ? NULL : items;
done:
    children_free(&c);
    if (result != items) Py_DECREF(items);
    return result;
}

static PyObject *mapping(Reader *r, Py_ssize_t depth, int32_t *number) {
    PyObject *result_map = PyDict_New();
    if (result_map == NULL) return NULL;
    Children c = {0};
    PyObject *result = GIVE_UP;
    for (;;) {
        if (!next_event(r)) goto done;
        if (r->event.type == YAML_MAPPING_END_EVENT) break;
        const yaml_event_t *event = &r->event;
        if (event->type != YAML_SCALAR_EVENT || event->data.scalar.tag != NULL ||
            event->data.scalar.anchor != NULL)
            goto done; /* a key that is not a plain string: the Python reader words why */
        PyObject *key = text(event);
        if (key == NULL) {
            result = NULL;
            goto done;
        }
        PyUnicode_InternInPlace(&key);
        if (may_resolve(r, event)) {
            PyObject *ok = PyObject_CallOneArg(r->key_ok, key);
            int truth = ok == NULL ? -1 : PyObject_IsTrue(ok);
            Py_XDECREF(ok);
            if (truth <= 0) {
                Py_DECREF(key);
                result = truth < 0 ? NULL : GIVE_UP;
                goto done;
            }
        }
        int seen = PyDict_Contains(result_map, key);
        if (seen != 0) { /* a duplicate key, or an error */
            Py_DECREF(key);
            result = seen < 0 ? NULL : GIVE_UP;
            goto done;
        }
        if (!next_event(r)) {
            Py_DECREF(key);
            goto done;
        }
        uint64_t mark;
        int32_t child;
        PyObject *value = node(r, depth + 1, &mark, &child);
        if (value == NULL || value == GIVE_UP) {
            Py_DECREF(key);
            result = value;
            goto done;
        }
        int failed = PyDict_SetItem(result_map, key, value) < 0;
        Py_DECREF(key);
        Py_DECREF(value);
        if (failed || children_add(&c, mark, child) < 0) {
            result = NULL;
            goto done;
        }
    }
    *number = store(r, &c, mapping_shape(r, result_map));
    result = *number < 0 ? NULL : result_map;
done:
    children_free(&c);
    if (result != result_map) Py_DECREF(result_map);
    return result;
}

/* Begin an anchored value: its slot, or -1 where the reader gives up (an anchor defined
 * twice, which the composing reader refuses) or on a Python error (`*failed`). */
static Py_ssize_t anchor_begin(Reader *r, const yaml_char_t *name, int *failed) {
    PyObject *key = PyBytes_FromString((const char *)name);
    if (key == NULL) goto error;
    int seen = PyDict_Contains(r->anchor_index, key);
    if (seen != 0) {
        Py_DECREF(key);
        if (seen < 0) goto error;
        return -1;
    }
    Py_ssize_t slot = (Py_ssize_t)(r->anchors.size / sizeof(Anchor));
    Anchor pending = {NULL, 0, -1, 0, 0};
    PyObject *position = PyLong_FromSsize_t(slot);
    int stored = position != NULL && PyDict_SetItem(r->anchor_index, key, position) == 0 &&
                 buffer_add(&r->anchors, &pending, sizeof pending) == 0;
    Py_XDECREF(position);
    Py_DECREF(key);
    if (!stored) goto error;
    return slot;
error:
    *failed = 1;
    return -1;
}

/* Finish an anchored value begun at `depth` with `nodes_before` values read before it. */
static void anchor_end(Reader *r, Py_ssize_t slot, PyObject *data, uint64_t mark,
                       int32_t number, Py_ssize_t nodes_before, Py_ssize_t depth) {
    Anchor *anchor = (Anchor *)r->anchors.data + slot;
    Py_INCREF(data);
    anchor->data = data;
    anchor->mark = mark;
    anchor->number = number;
    anchor->size = r->nodes - nodes_before;
    anchor->height = r->deepest - depth;
}

/* A copy of plain data: each mapping and sequence new, scalars shared (they are immutable). */
static PyObject *copy_data(PyObject *data) {
    if (PyDict_CheckExact(data)) {
        PyObject *copy = PyDict_New(), *key, *value;
        Py_ssize_t i = 0;
        if (copy == NULL) return NULL;
        while (PyDict_Next(data, &i, &key, &value)) {
            PyObject *item = copy_data(value);
            if (item == NULL || PyDict_SetItem(copy, key, item) < 0) {
                Py_XDECREF(item);
                Py_DECREF(copy);
                return NULL;
            }
            Py_DECREF(item);
        }
        return copy;
    }
    if (PyList_CheckExact(data)) {
        Py_ssize_t n = PyList_GET_SIZE(data);
        PyObject *copy = PyList_New(n);
        if (copy == NULL) return NULL;
        for (Py_ssize_t i = 0; i < n; i++) {
            PyObject *item = copy_data(PyList_GET_ITEM(data, i));
            if (item == NULL) {
                Py_DECREF(copy);
                return NULL;
            }
            PyList_SET_ITEM(copy, i, item);
        }
        return copy;
    }
    Py_INCREF(data);
    return data;
}

/* A copy of container `number`'s places, its containers copied first as a reader stores them;
 * the copy's number, or -1 on a Python error. */
static int32_t copy_places(Reader *r, int32_t number) {
    int64_t base = ((const int64_t *)r->bases.data)[number];
    int64_t end = number + 1 < r->containers ? ((const int64_t *)r->bases.data)[number + 1]
                                             : (int64_t)(r->marks.size / sizeof(uint64_t));
    Children c = {0};
    int32_t copied = -1;
    for (int64_t i = base; i < end; i++) {
        /* read again each time: copying a child grows (and may move) the buffers */
        uint64_t mark = ((const uint64_t *)r->marks.data)[i];
        int32_t child = ((const int32_t *)r->refs.data)[i];
        if (child >= 0 && (child = copy_places(r, child)) < 0) goto done;
        if (children_add(&c, mark, child) < 0) goto done;
    }
    PyObject *shape = PyList_GET_ITEM(r->shapes, number);
    Py_INCREF(shape);
    copied = store(r, &c, shape);
done:
    children_free(&c);
    return copied;
}

/* The value an alias stands for, read as the composing reader reads it. */
static PyObject *alias(Reader *r, Py_ssize_t depth, uint64_t *mark, int32_t *number) {
    PyObject *key = PyBytes_FromString((const char *)r->event.data.alias.anchor);
    if (key == NULL) return NULL;
    PyObject *position = PyDict_GetItemWithError(r->anchor_index, key);
    Py_DECREF(key);
    if (position == NULL) return PyErr_Occurred() ? NULL : GIVE_UP; /* undefined */
    const Anchor anchor = ((const Anchor *)r->anchors.data)[PyLong_AsSsize_t(position)];
    /* not finished: an alias inside its own anchor (a cycle); and the limits, before copying */
    if (anchor.data == NULL || anchor.size > r->max_nodes - r->nodes ||
        anchor.height > r->max_depth - depth)
        return GIVE_UP;
    r->nodes += anchor.size;
    if (depth + anchor.height > r->deepest) r->deepest = depth + anchor.height;
    *mark = anchor.mark;
    *number = -1;
    if (anchor.number >= 0 && (*number = copy_places(r, anchor.number)) < 0) return NULL;
    return copy_data(anchor.data);
}

/* The node whose first event is the current one: its data (new reference), NULL on a Python
 * error, or GIVE_UP; its packed place, and its container number (-1 for a scalar). */
static PyObject *node(Reader *r, Py_ssize_t depth, uint64_t *mark, int32_t *number) {
    const yaml_event_t *event = &r->event;
    if (event->type == YAML_ALIAS_EVENT) {
        if (depth > r->max_depth) return GIVE_UP;
        return alias(r, depth, mark, number);
    }
    if (r->nodes >= r->max_nodes && depth <= r->max_depth) {
        /* the one give-up the caller need not confirm by reading the whole file again */
        r->too_many = place(event);
        return GIVE_UP;
    }
    if (depth > r->max_depth) return GIVE_UP;
    Py_ssize_t nodes_before = r->nodes++;
    if (depth > r->deepest) r->deepest = depth;
    *mark = place(event);
    *number = -1;
    const yaml_char_t *tag, *anchor;
    switch (event->type) {
    case YAML_SCALAR_EVENT:
        tag = event->data.scalar.tag, anchor = event->data.scalar.anchor;
        break;
    case YAML_SEQUENCE_START_EVENT:
        tag = event->data.sequence_start.tag, anchor = event->data.sequence_start.anchor;
        break;
    case YAML_MAPPING_START_EVENT:
        tag = event->data.mapping_start.tag, anchor = event->data.mapping_start.anchor;
        break;
    default:
        return GIVE_UP;
    }
    if (tag != NULL) return GIVE_UP;
    Py_ssize_t slot = -1;
    if (anchor != NULL) {
        int failed = 0;
        slot = anchor_begin(r, anchor, &failed);
        if (slot < 0) return failed ? NULL : GIVE_UP;
    }
    /* the anchored value's height is measured from here: the levels read before it are not its */
    Py_ssize_t deepest_before = r->deepest;
    r->deepest = depth;
    PyObject *data;
    if (event->type == YAML_SCALAR_EVENT) {
        data = scalar(r, *mark);
    } else {
        if (Py_EnterRecursiveCall(" reading YAML")) return NULL;
        data = event->type == YAML_SEQUENCE_START_EVENT ? sequence(r, depth, number)
                                                        : mapping(r, depth, number);
        Py_LeaveRecursiveCall();
    }
    if (slot >= 0 && data != NULL && data != GIVE_UP)
        anchor_end(r, slot, data, *mark, *number, nodes_before, depth);
    if (deepest_before > r->deepest) r->deepest = deepest_before;
    return data;
}

static PyObject *as_bytes(const Buffer *buffer) {
    return PyBytes_FromStringAndSize(buffer->data ? buffer->data : "", (Py_ssize_t)buffer->size);
}

/* The whole stream: exactly one document. */
static PyObject *document(Reader *r) {
    if (!next_event(r) || r->event.type != YAML_STREAM_START_EVENT) return GIVE_UP;
    if (!next_event(r) || r->event.type != YAML_DOCUMENT_START_EVENT) return GIVE_UP;
    if (!next_event(r)) return GIVE_UP;
    uint64_t mark;
    int32_t number;
    PyObject *data = node(r, 0, &mark, &number);
    if (data == NULL || data == GIVE_UP) return data;
    if (!next_event(r) || r->event.type != YAML_DOCUMENT_END_EVENT || !next_event(r) ||
        r->event.type != YAML_STREAM_END_EVENT) {
        Py_DECREF(data);
        return GIVE_UP;
    }
    PyObject *marks = as_bytes(&r->marks), *refs = as_bytes(&r->refs),
             *bases = as_bytes(&r->bases);
    PyObject *result = NULL;
    if (marks && refs && bases)
        result = Py_BuildValue("(NOOOOKi)", data, marks, refs, bases, r->shapes,
                               (unsigned long long)mark, (int)number);
    else
        Py_DECREF(data);
    Py_XDECREF(marks);
    Py_XDECREF(refs);
    Py_XDECREF(bases);
    return result;
}

PyDoc_STRVAR(read_doc,
"read(text, max_nodes, max_depth, max_length, first, empty_implicit, plain, key_ok)\n"
"--\n\n"
"Read one YAML document of UTF-8 `text` (bytes) into plain data and its table of places:\n"
"(data, marks, refs, bases, shapes, root_mark, root), the three tables as native-endian\n"
"bytes of uint64, int32 and int64. None where the Python reader must read it instead; where\n"
"the document has more than max_nodes values, the packed place of the first one past them.");

static PyObject *read_yaml(PyObject *Py_UNUSED(module), PyObject *args) {
    Py_buffer input;
    Reader r;
    memset(&r, 0, sizeof r);
    int empty_implicit;
    if (!PyArg_ParseTuple(args, "y*nnnspOO", &input, &r.max_nodes, &r.max_depth, &r.max_length,
                          &r.first, &empty_implicit, &r.plain, &r.key_ok))
        return NULL;
    r.empty_implicit = empty_implicit;
    r.shared = PyDict_New();
    r.shapes = PyList_New(0);
    r.anchor_index = PyDict_New();
    PyObject *result = NULL;
    if (r.shared == NULL || r.shapes == NULL || r.anchor_index == NULL || !yaml_parser_initialize(&r.parser)) {
        if (!PyErr_Occurred()) PyErr_NoMemory();
        goto done;
    }
    /* No yaml_parser_set_encoding: PyYAML leaves the encoding to libyaml's detection, which
     * also drops a byte-order mark without counting a column, so neither may this reader. */
    yaml_parser_set_input_string(&r.parser, (const unsigned char *)input.buf, (size_t)input.len);
    result = document(&r);
    if (result == GIVE_UP && r.too_many) {
        result = PyLong_FromUnsignedLongLong(r.too_many);
    } else if (result == GIVE_UP) {
        result = Py_None;
        Py_INCREF(result);
    }
    if (r.has_event) yaml_event_delete(&r.event);
    yaml_parser_delete(&r.parser);
done:
    PyMem_Free(r.marks.data);
    PyMem_Free(r.refs.data);
    PyMem_Free(r.bases.data);
    for (size_t i = 0; i < r.anchors.size / sizeof(Anchor); i++)
        Py_XDECREF(((Anchor *)r.anchors.data)[i].data);
    PyMem_Free(r.anchors.data);
    Py_XDECREF(r.anchor_index);
    Py_XDECREF(r.shared);
    Py_XDECREF(r.shapes);
    PyBuffer_Release(&input);
    return result;
}

static PyMethodDef methods[] = {
    {"read", read_yaml, METH_VARARGS, read_doc},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    .m_base = PyModuleDef_HEAD_INIT,
    .m_name = "smaudit.reading._speedups",
    .m_doc = "The YAML reader's common case in C, over libyaml (see native.py).",
    .m_size = -1,
    .m_methods = methods,
};

/* native.py checks it, so that a module built from an older source is left unused, not called
 * with arguments it does not take. */
#define INTERFACE 3

PyMODINIT_FUNC PyInit__speedups(void) {
    PyObject *m = PyModule_Create(&module);
    if (m != NULL && PyModule_AddIntConstant(m, "INTERFACE", INTERFACE) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
