package io.telemetrypoller.instrument;

import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

import java.util.ArrayList;
import java.util.List;

/**
 * Weaves the hooks into a class file with the ASM visitor API that Byte Buddy bundles (relocated in the
 * shaded jar): about 20 ms the first time in a JVM (mostly loading and verifying 25 ASM classes), against
 * about 320 ms for Byte Buddy {@code Advice}, which is why Byte Buddy proper is never used here. Every hook call is wrapped in its own
 * {@code try/catch (Throwable)}, so even a hook that cannot be linked never reaches the host.
 *
 * <p>What is woven, without adding a field or a method (so it is valid for retransformation):
 * <ul>
 *   <li>worker classes: at each {@code return} of each constructor that calls {@code super(...)} (not the
 *       ones that delegate with {@code this(...)}, so an instance registers once),
 *       {@code Hooks.worker(this, kind)}; a declared {@code run()V} (unless the class extends
 *       {@code java.lang.Thread} directly) gets {@code Hooks.runEnter(this)} on entry and
 *       {@code Hooks.runExit(this)} on every exit, normal or exceptional (the exception is rethrown
 *       unchanged);</li>
 *   <li>{@code ThreadPoolExecutor}, {@code ForkJoinPool}: {@code ExecutorRelay.created(this)} at the
 *       constructors' returns, {@code ExecutorRelay.workerStarted(this)} on entry to {@code runWorker}
 *       (the relay is defined where these bootstrap classes can link to it: {@link RelayInstaller}).</li>
 * </ul>
 * Frames: the original frames are copied as they are (compressed); each inserted handler gets a full
 * frame that names only what is certainly there, and the frames inserted at a method's start equal its
 * implicit first frame, so the original frames that follow, each relative to the one before, keep their
 * meaning. No {@code COMPUTE_FRAMES} (it would load classes to merge types) and no expanded frames
 * (cheaper, and fewer ASM classes on the loading thread).
 * Constructors are assumed to keep {@code this} in slot 0, as every Java, Kotlin and Scala compiler does.
 *
 * <pre>{@code
 * // a worker constructor, as woven           // a worker run(), as woven
 * super(...); ...                             try { Hooks.runEnter(this); } catch (Throwable t) {}
 * try { Hooks.worker(this, 3); }              try { ...body...
 * catch (Throwable t) { return; }                   try { Hooks.runExit(this); } catch (Throwable t) { return; }
 * return;                                           return;
 *                                             } catch (Throwable t) { Hooks.runExit(this); throw t; }
 * }</pre>
 *
 * <p>Stateless; thread-safe.
 */
final class HookWeaver {
    static final String HOOKS = "io/telemetrypoller/instrument/hook/Hooks";
    private static final String THROWABLE = "java/lang/Throwable";
    private static final String OBJECT_VOID = "(Ljava/lang/Object;)V";
    /** The most any hook pushes on top of what the method had: {@code this} and the kind, or {@code this} and a Throwable. */
    private static final int EXTRA_STACK = 2;

    /** Tests only ({@code -Dtelemetry-poller.test.fault=weave}): weaving throws; the class must load unchanged. */
    static volatile boolean fault = InjectedFaults.requested("weave");

    private HookWeaver() {
    }

    /** The worker class with its hooks, or null when it has nothing to hook (an interface). */
    static byte[] weaveWorker(byte[] classfile, int kind) {
        return weave(classfile, kind, null);
    }

    /** ThreadPoolExecutor or ForkJoinPool with the executor hooks, calling the relay {@code relay}. */
    static byte[] weaveExecutor(byte[] classfile, String relay) {
        return weave(classfile, 0, relay);
    }

    private static byte[] weave(byte[] classfile, int kind, String relay) {
        if (fault) {
            throw new IllegalStateException("injected weaving fault (test)");
        }
        ClassReader reader = new ClassReader(classfile);
        // No COMPUTE_MAXS: the hooks add at most 2 to the stack (visitMaxs) and no local, and leaving ASM's
        // flow analysis out keeps its cost, and the classes it loads, off the host's loading thread.
        ClassWriter writer = new ClassWriter(reader, 0);
        HookClassVisitor hooks = new HookClassVisitor(writer, kind, relay);
        reader.accept(hooks, 0);
        return hooks.hooked == 0 ? null : writer.toByteArray();
    }

    private static final class HookClassVisitor extends ClassVisitor {
        private final int kind;
        private final String relay;
        private final boolean executor;
        private String owner;
        private String superName;
        private boolean frames;
        private boolean skip;
        int hooked;

        HookClassVisitor(ClassVisitor next, int kind, String relay) {
            super(Opcodes.ASM9, next);
            this.kind = kind;
            this.relay = relay;
            this.executor = relay != null;
        }

        @Override
        public void visit(int version, int access, String name, String signature, String superName,
                          String[] interfaces) {
            this.owner = name;
            this.superName = superName;
            this.frames = (version & 0xFFFF) >= Opcodes.V1_6;
            this.skip = (access & (Opcodes.ACC_INTERFACE | Opcodes.ACC_ANNOTATION | Opcodes.ACC_MODULE)) != 0;
            super.visit(version, access, name, signature, superName, interfaces);
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                         String[] exceptions) {
            MethodVisitor mv = super.visitMethod(access, name, descriptor, signature, exceptions);
            if (mv == null || skip || (access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) != 0) {
                return mv;
            }
            boolean isStatic = (access & Opcodes.ACC_STATIC) != 0;
            if ("<init>".equals(name)) {
                hooked++;
                return executor
                        ? new ConstructorHook(mv, owner, frames, relay, "created", OBJECT_VOID, -1)
                        : new ConstructorHook(mv, owner, frames, HOOKS, "worker", "(Ljava/lang/Object;I)V", kind);
            }
            if (isStatic) {
                return mv;
            }
            if (!executor && "run".equals(name) && "()V".equals(descriptor) && !"java/lang/Thread".equals(superName)) {
                hooked++;
                return new EntryExitHook(mv, owner, descriptor, frames, HOOKS, "runEnter", "runExit");
            }
            if (executor && "runWorker".equals(name) && descriptor.endsWith(")V")
                    && Type.getArgumentTypes(descriptor).length == 1) {
                hooked++;
                return new EntryExitHook(mv, owner, descriptor, frames, relay, "workerStarted", null);
            }
            return mv;
        }
    }

    /** Guarded hook calls before returns; the handlers are written after the original code. */
    private abstract static class GuardedCalls extends MethodVisitor {
        final String owner;
        final boolean frames;
        final String hooks;
        private final List<Label> returnHandlers = new ArrayList<>();

        GuardedCalls(MethodVisitor next, String owner, boolean frames, String hooks) {
            super(Opcodes.ASM9, next);
            this.owner = owner;
            this.frames = frames;
            this.hooks = hooks;
        }

        /** {@code try { hooks.method(this[, kind]); } catch (Throwable t) { return; }} before a void return. */
        final void callBeforeReturn(String method, String descriptor, int kind) {
            returnHandlers.add(guardedCall(method, descriptor, kind));
        }

        /**
         * {@code hooks.method(this[, kind])} inside a try block catching Throwable; returns the handler's
         * label, which the caller places (and gives a frame) where the throwable is to be dropped.
         */
        final Label guardedCall(String method, String descriptor, int kind) {
            Label start = new Label();
            Label end = new Label();
            Label handler = new Label();
            super.visitTryCatchBlock(start, end, handler, THROWABLE);
            super.visitLabel(start);
            super.visitVarInsn(Opcodes.ALOAD, 0);
            if (kind >= 0) {
                super.visitLdcInsn(kind);
            }
            super.visitMethodInsn(Opcodes.INVOKESTATIC, hooks, method, descriptor, false);
            super.visitLabel(end);
            return handler;
        }

        /** Writes the return handlers: {@code pop; return}, needing no local at all. */
        final void writeReturnHandlers() {
            for (Label handler : returnHandlers) {
                super.visitLabel(handler);
                frame(new Object[0], THROWABLE);
                super.visitInsn(Opcodes.POP);
                super.visitInsn(Opcodes.RETURN);
            }
        }

        final void frame(Object[] locals, String stackTop) {
            if (frames) {
                Object[] stack = stackTop == null ? new Object[0] : new Object[] {stackTop};
                super.visitFrame(Opcodes.F_FULL, locals.length, locals, stack.length, stack);
            }
        }

        @Override
        public void visitFrame(int type, int numLocal, Object[] local, int numStack, Object[] stack) {
            if (frames) { // a class older than Java 6 has no frames to keep (nor should it carry any)
                super.visitFrame(type, numLocal, local, numStack, stack);
            }
        }
    }

    /**
     * A constructor: finds the first {@code invokespecial <init>} on the uninitialised {@code this} (by
     * pairing every {@code new} with its constructor call) to tell {@code super(...)} from {@code this(...)}.
     */
    private static final class ConstructorHook extends GuardedCalls {
        private final String method;
        private final String descriptor;
        private final int kind;
        private int pendingNews;
        private boolean superCalled;
        private boolean delegates;

        ConstructorHook(MethodVisitor next, String owner, boolean frames, String hooks, String method,
                        String descriptor, int kind) {
            super(next, owner, frames, hooks);
            this.method = method;
            this.descriptor = descriptor;
            this.kind = kind;
        }

        @Override
        public void visitTypeInsn(int opcode, String type) {
            if (opcode == Opcodes.NEW && !superCalled) {
                pendingNews++;
            }
            super.visitTypeInsn(opcode, type);
        }

        @Override
        public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
            if (!superCalled && opcode == Opcodes.INVOKESPECIAL && "<init>".equals(name)) {
                if (pendingNews > 0) {
                    pendingNews--;
                } else {
                    superCalled = true;
                    delegates = owner.equals(this.owner);
                }
            }
            super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
        }

        @Override
        public void visitInsn(int opcode) {
            if (opcode == Opcodes.RETURN && superCalled && !delegates) {
                callBeforeReturn(method, descriptor, kind);
            }
            super.visitInsn(opcode);
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            writeReturnHandlers();
            super.visitMaxs(maxStack + EXTRA_STACK, maxLocals);
        }
    }

    /**
     * An instance method returning void: a guarded {@code Hooks.enter(this)} first; with an exit hook, a
     * guarded {@code Hooks.exit(this)} before each return and a handler around the whole body that calls it
     * and rethrows. That handler parks the exception in slot 0 ({@code this} is not needed any more), so it
     * needs no new local and no frame beyond its own.
     */
    private static final class EntryExitHook extends GuardedCalls {
        private final String enter;
        private final String exit;
        private final Object[] initialLocals;
        private final Label bodyStart = new Label();
        private final Label bodyEnd = new Label();

        EntryExitHook(MethodVisitor next, String owner, String descriptor, boolean frames, String hooks,
                      String enter, String exit) {
            super(next, owner, frames, hooks);
            this.enter = enter;
            this.exit = exit;
            this.initialLocals = initialLocals(owner, descriptor);
        }

        @Override
        public void visitCode() {
            super.visitCode();
            Label handler = guardedCall(enter, OBJECT_VOID, -1);
            super.visitJumpInsn(Opcodes.GOTO, bodyStart);
            super.visitLabel(handler);
            frame(initialLocals, THROWABLE);
            super.visitInsn(Opcodes.POP);
            super.visitLabel(bodyStart);
            frame(initialLocals, null);
            // The original code may have its own frame at its first instruction: keep it at another offset.
            super.visitInsn(Opcodes.NOP);
        }

        @Override
        public void visitInsn(int opcode) {
            if (exit != null && opcode == Opcodes.RETURN) {
                callBeforeReturn(exit, OBJECT_VOID, -1);
            }
            super.visitInsn(opcode);
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            super.visitLabel(bodyEnd);
            writeReturnHandlers();
            if (exit != null) {
                Label onThrow = new Label();
                Label callStart = new Label();
                Label callEnd = new Label();
                Label callFailed = new Label();
                super.visitTryCatchBlock(bodyStart, bodyEnd, onThrow, THROWABLE);
                super.visitTryCatchBlock(callStart, callEnd, callFailed, THROWABLE);
                super.visitLabel(onThrow);
                frame(new Object[] {owner}, THROWABLE);
                super.visitVarInsn(Opcodes.ALOAD, 0);
                super.visitInsn(Opcodes.SWAP);
                super.visitVarInsn(Opcodes.ASTORE, 0);
                super.visitLabel(callStart);
                super.visitMethodInsn(Opcodes.INVOKESTATIC, hooks, exit, OBJECT_VOID, false);
                super.visitLabel(callEnd);
                super.visitVarInsn(Opcodes.ALOAD, 0);
                super.visitInsn(Opcodes.ATHROW);
                super.visitLabel(callFailed);
                frame(new Object[] {THROWABLE}, THROWABLE);
                super.visitInsn(Opcodes.POP);
                super.visitVarInsn(Opcodes.ALOAD, 0);
                super.visitInsn(Opcodes.ATHROW);
            }
            super.visitMaxs(maxStack + EXTRA_STACK, maxLocals);
        }

        /** The frame at the first instruction of an instance method: {@code this} and the parameters. */
        private static Object[] initialLocals(String owner, String descriptor) {
            if (descriptor.startsWith("()")) {
                return new Object[] {owner}; // run(): no need to load ASM's Type
            }
            Type[] args = Type.getArgumentTypes(descriptor);
            Object[] locals = new Object[args.length + 1];
            locals[0] = owner;
            for (int i = 0; i < args.length; i++) {
                locals[i + 1] = verificationType(args[i]);
            }
            return locals;
        }

        private static Object verificationType(Type t) {
            switch (t.getSort()) {
                case Type.BOOLEAN:
                case Type.CHAR:
                case Type.BYTE:
                case Type.SHORT:
                case Type.INT:
                    return Opcodes.INTEGER;
                case Type.FLOAT:
                    return Opcodes.FLOAT;
                case Type.LONG:
                    return Opcodes.LONG;
                case Type.DOUBLE:
                    return Opcodes.DOUBLE;
                case Type.ARRAY:
                    return t.getDescriptor();
                default:
                    return t.getInternalName();
            }
        }
    }
}
