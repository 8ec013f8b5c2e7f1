// Placeholder so the package builds while this target is being written; removed when real sources land.
