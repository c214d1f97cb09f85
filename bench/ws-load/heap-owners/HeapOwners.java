import java.io.File;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.netbeans.lib.profiler.heap.FieldValue;
import org.netbeans.lib.profiler.heap.Heap;
import org.netbeans.lib.profiler.heap.HeapFactory;
import org.netbeans.lib.profiler.heap.Instance;
import org.netbeans.lib.profiler.heap.JavaClass;
import org.netbeans.lib.profiler.heap.Value;

/**
 * Who holds the instances of a class in a heap dump: for each instance, the chain of its first referrers (field name
 * and owner class) up to a depth, counted and summed by chain. A class histogram says what grows per connection; this
 * says whose it is — how the ~1 KB queue websockets-next keeps per connection in its default inbound mode was found.
 * Sizes are the dump reader's, which counts 8-byte references: arrays of references read larger than a class histogram
 * of a JVM with compressed references gives them.
 *
 * <pre>
 * mvn -q dependency:copy -Dartifact=org.netbeans.modules:org-netbeans-lib-profiler:RELEASE220 -DoutputDirectory=/tmp/hp
 * java -Xmx6g -cp /tmp/hp/org-netbeans-lib-profiler-RELEASE220.jar bench/ws-load/heap-owners/HeapOwners.java \
 *     heap.hprof 4 'java.lang.Object[]' 'byte[]' 'java.util.concurrent.ConcurrentHashMap$Node'
 * </pre>
 */
public class HeapOwners {

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: HeapOwners <heap.hprof> <depth> <class name>...");
            System.exit(2);
        }
        Heap heap = HeapFactory.createHeap(new File(args[0]));
        int depth = Integer.parseInt(args[1]);
        for (int a = 2; a < args.length; a++) {
            JavaClass type = heap.getJavaClassByName(args[a]);
            if (type == null) {
                System.out.println("== no class " + args[a]);
                continue;
            }
            Map<String, long[]> byChain = new HashMap<>(); // chain -> {instances, bytes}
            for (Object each : type.getInstances()) {
                Instance instance = (Instance) each;
                long[] sums = byChain.computeIfAbsent(ownerChain(instance, depth), chain -> new long[2]);
                sums[0]++;
                sums[1] += instance.getSize();
            }
            System.out.println("== " + args[a] + ": " + type.getInstancesCount() + " instances");
            byChain.entrySet().stream()
                    .sorted((x, y) -> Long.compare(y.getValue()[1], x.getValue()[1]))
                    .limit(25)
                    .forEach(e -> System.out.printf("%9d instances %12d B %s%n", e.getValue()[0], e.getValue()[1], e.getKey()));
        }
    }

    /** " <-field- Owner <-field- Owner ...", "(+k)" where an instance has k more referrers than the one followed. */
    private static String ownerChain(Instance instance, int depth) {
        StringBuilder chain = new StringBuilder();
        Instance current = instance;
        for (int level = 0; level < depth; level++) {
            List<?> references = current.getReferences();
            if (references.isEmpty()) {
                return chain.append(" <- (GC root or unreachable)").toString();
            }
            Value reference = (Value) references.get(0);
            Instance owner = reference.getDefiningInstance();
            String field = reference instanceof FieldValue fieldValue ? fieldValue.getField().getName() : "[]";
            chain.append(" <-").append(field).append("- ").append(simpleName(owner.getJavaClass().getName()));
            if (references.size() > 1) {
                chain.append("(+").append(references.size() - 1).append(')');
            }
            current = owner;
        }
        return chain.toString();
    }

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }
}
