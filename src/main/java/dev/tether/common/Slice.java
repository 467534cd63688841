package dev.tether.common;

import java.util.List;

/** One page of rows of a list query and how many rows match in all. */
public record Slice<T>(List<T> rows, long total) {
}
