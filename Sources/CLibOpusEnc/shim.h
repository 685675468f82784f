#ifndef CLIBOPUSENC_SHIM_H
#define CLIBOPUSENC_SHIM_H
#include <opusenc.h>

/* ope_encoder_ctl is variadic, which Swift cannot call: one wrapper per request we use. */
static inline int ae_ope_set_bitrate(OggOpusEnc *encoder, opus_int32 bitsPerSecond) {
    return ope_encoder_ctl(encoder, OPUS_SET_BITRATE(bitsPerSecond));
}

static inline int ae_ope_set_signal_voice(OggOpusEnc *encoder) {
    return ope_encoder_ctl(encoder, OPUS_SET_SIGNAL(OPUS_SIGNAL_VOICE));
}
#endif
