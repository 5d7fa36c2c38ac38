import SkiffNode
import Testing

struct ContainerCommandTests {
    private let variables = ["VAR_A": "A", "VAR_B": "B", "EMPTY": ""]

    // Cases from Kubernetes' expansion tests (third_party/forked/golang/expansion).
    @Test(arguments: [
        ("$(VAR_A)", "A"),
        ("___$(VAR_B)___", "___B___"),
        ("$(VAR_A)-$(VAR_B)", "A-B"),
        ("$(EMPTY)x", "x"),
        ("$(UNDEFINED)", "$(UNDEFINED)"),
        ("$$(VAR_A)", "$(VAR_A)"),
        ("$$$(VAR_A)", "$A"),
        ("$$$$", "$$"),
        ("$VAR_A", "$VAR_A"),
        ("$(VAR_A", "$(VAR_A"),
        ("trailing $", "trailing $"),
        ("no operators", "no operators"),
        ("$()", "$()"),
    ])
    func expandsAsKubernetesDoes(input: String, expected: String) {
        #expect(ContainerCommand.expand(input, with: variables) == expected)
    }

    @Test func quotesAnArgumentVectorAndExecsIt() {
        let container = Container(name: "c", command: ["python", "-c"], args: ["print('hi there')", "$(VAR_A)"])
        #expect(
            ContainerCommand.script(for: container, environment: variables)
                == #"exec 'python' '-c' 'print('\''hi there'\'')' 'A'"#
        )
    }

    @Test func takesASingleStringAsACommandLine() {
        let container = Container(name: "c", command: ["python train.py --lr $(VAR_A) && echo done"])
        #expect(
            ContainerCommand.script(for: container, environment: variables) == "python train.py --lr A && echo done"
        )
    }

    @Test func usesArgsAloneWithoutACommand() {
        #expect(
            ContainerCommand.script(for: Container(name: "c", args: ["echo", "x"]), environment: [:])
                == "exec 'echo' 'x'"
        )
        #expect(ContainerCommand.script(for: Container(name: "c"), environment: [:]) == nil)
    }
}
