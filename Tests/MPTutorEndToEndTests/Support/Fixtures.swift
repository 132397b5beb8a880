/// Small lessons written for the end-to-end tests: they run fast and each
/// exercises one path of the command line.
enum Fixtures {
    static let goodLesson = """
        ---
        id: hello
        title: Hello from two processes
        order: 1
        summary: A parent and a child say hello.
        ---

        ## Two hellos

        Both processes print.

        ```python example timeout=5
        import os
        pid = os.fork()
        if pid == 0:
            print(f"child {os.getpid()} of {os.getppid()}")
            os._exit(0)
        os.waitpid(pid, 0)
        print(f"parent {os.getpid()} made {pid}")
        ```

        ```expect
        child {{C:int}} of {{P:int}}
        parent {{P}} made {{C}}
        ```

        ### Quiz: what does fork return in the child?

        What number does the child get from `os.fork()`?

        - answer: `0`
        - wrong: `{{int}}` — that is what the parent gets: the child's pid.
        - hint: the child can ask os.getpid() for its own pid.

        ### Exercise: say done

        Make the program print `done`.

        ```python starter
        print("not yet")
        ```

        ```expect
        done
        ```

        ```python solution
        print("done")
        ```

        - hint: print it.
        """

    /// A lesson whose expectation is wrong: the child's line comes second.
    static let wrongOrderLesson = """
        ---
        id: order
        title: Order
        order: 2
        summary: An expectation in the wrong order.
        ---

        ## Wrong order

        ```python example
        print("first")
        print("second")
        ```

        ```expect
        second
        first
        ```
        """

    /// An exercise whose starter already passes.
    static let lazyExerciseLesson = """
        ---
        id: lazy
        title: Lazy
        order: 3
        summary: The starter already passes.
        ---

        ## Nothing to do

        ### Exercise: print ok

        Print ok.

        ```python starter
        print("ok")
        ```

        ```expect
        ok
        ```

        ```python solution
        print("ok")
        ```
        """

    /// A lesson with an expect block before any example (line 9).
    static let brokenLesson = """
        ---
        id: broken
        title: Broken
        order: 4
        summary: An expect block with nothing before it.
        ---

        ## Oops
        ```expect
        hello
        ```
        """
}
