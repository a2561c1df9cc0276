package bench.calls;

/** One kind of client under test: starts one call and reports its end, success or failure, to {@code done}. */
interface Caller extends AutoCloseable {
    void call(Completion done);

    @Override
    void close() throws Exception;

    /** Called once per call, on whatever thread completed it. */
    interface Completion {
        void ended(Throwable failure);
    }
}
