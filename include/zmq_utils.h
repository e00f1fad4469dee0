/*
 * zmq_utils.h: kept so that programs written for libzmq 3.x, which declared the
 * utility functions (zmq_stopwatch_*, zmq_sleep, zmq_threadstart ...) here, still
 * find the file. Since libzmq 4.2 zmq.h declares all of them, and this header, like
 * libzmq 4.3.5's, declares nothing: include zmq.h.
 *
 * Handwritten, not generated: there is nothing in it for cbindgen to generate.
 *
 * SPDX-License-Identifier: MPL-2.0
 */

#ifndef __ZMQ_UTILS_H_INCLUDED__
#define __ZMQ_UTILS_H_INCLUDED__

/* Tell the includer once. GCC prints a `#pragma message` as a note, never as a
 * warning, so a -Werror build is not broken by it; clang would count it as a warning,
 * so clang (which also defines __GNUC__) stays silent. */
#if defined __GNUC__ && !defined __clang__
#pragma message("zmq_utils.h is deprecated: zmq.h declares everything it used to")
#endif

#endif /* __ZMQ_UTILS_H_INCLUDED__ */
