"""Everything that reads or writes video: the only package that imports PyAV or OpenCV.

Modules:
    ingest        a copied original -> proxy, frame table, filmstrip (what imports call)
    probe         what a file is: codecs, size, rotation, every frame's time, VFR
    proxy         the browser-playable copy: remux when possible, transcode when not
    thumbnails    the filmstrip pictures
    frames        the exact frame at a time, upright, from warm decoders
    images        stills as PNG or JPEG files, written whole
    highlights    circles, arrows and strokes burned into a still for print
    frame_table   frames.json: exact frame times, `frame_at(t)` (no PyAV needed)
    geometry      rotation and sizes (no PyAV needed)
    mp4boxes      the boxes of an MP4/MOV file, and its chunk offsets (no PyAV needed)
    damage        signs of a damaged file: its boxes, frame times against length, sound, size
    problems      the plain reasons a file cannot be used
    scan          one pass over a proxy for suggested moments (faces, smiles, sound)
    detect/       the detectors the scan uses: faces, face_tracking, smiles, sound

This file imports nothing, so `frame_table` can be used without loading PyAV.
"""
