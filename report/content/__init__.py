"""Content: an edition's folder of files into one validated `Edition`.

`folder` knows the folder's layout and reads every file once; `reader` turns a file's
text into data with the line and column of every field; `schema` says what each file may
hold; `loader` validates the files into the edition and records where each value came
from; `translation` merges another language's files over it; `crosschecks` holds the
published figures to what the profiles say. Problems are collected, never printed.
"""
