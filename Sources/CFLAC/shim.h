#ifndef CFLAC_SHIM_H
#define CFLAC_SHIM_H
#include <FLAC/stream_encoder.h>
#include <FLAC/metadata.h>

/* libFLAC's status texts are arrays of unknown size, which Swift cannot import. */
static inline const char *ae_flac_init_status_text(FLAC__StreamEncoderInitStatus status) {
    return FLAC__StreamEncoderInitStatusString[status];
}

static inline const char *ae_flac_state_text(FLAC__StreamEncoderState state) {
    return FLAC__StreamEncoderStateString[state];
}
#endif
