import ctypes


class Py_buffer(ctypes.Structure):
    _fields_ = [
        ("buf", ctypes.c_void_p),
        ("obj", ctypes.py_object),
        ("len", ctypes.c_ssize_t),
        ("itemsize", ctypes.c_ssize_t),
        ("readonly", ctypes.c_int),
        ("ndim", ctypes.c_int),
        ("format", ctypes.c_char_p),
        ("shape", ctypes.c_void_p),
        ("strides", ctypes.c_void_p),
        ("suboffsets", ctypes.c_void_p),
        ("internal", ctypes.c_void_p),
    ]


_get = ctypes.pythonapi.PyObject_GetBuffer
_get.argtypes = [ctypes.py_object, ctypes.POINTER(Py_buffer), ctypes.c_int]
_rel = ctypes.pythonapi.PyBuffer_Release
_rel.argtypes = [ctypes.POINTER(Py_buffer)]


def addr_api(obj):
    b = Py_buffer()
    _get(obj, ctypes.byref(b), 0)
    try:
        return b.buf
    finally:
        _rel(ctypes.byref(b))


_VIEW_BUF = 56  # offsetof(PyMemoryViewObject, view.buf) on CPython 3.11 x86_64
_from = ctypes.c_void_p.from_address


def addr_fast(mv):
    return _from(id(mv) + _VIEW_BUF).value
