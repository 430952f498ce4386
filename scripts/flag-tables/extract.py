"""Derive flag names from Go cobra/pflag source at a tag. Prints names only; no code is copied."""
import re, subprocess, json, os
FN = r'(?:String|Bool|Int|Int32|Int64|Uint|Float64|Float32|Duration|StringSlice|StringArray|StringToString|IntSlice|Var|Count)\w*'
RECV = r'(?P<recv>Flags\(\)|\b(?!strings\b|bytes\b|strconv\b|fmt\b|viper\b|os\b|errors\b|regexp\b|sort\b|slices\b|atomic\b)[a-zA-Z_]\w*)\s*\.\s*'
NAME = r'(?P<name>"[a-z0-9][a-z0-9-]*"|[A-Za-z_][\w.]*)(?:\s*,\s*(?P<short>"[a-zA-Z0-9]?"|[A-Za-z_][\w.]*))?'
# XxxVar(&target, name, …) and Var(value, name, …) take the target first; String(name, …) does not.
FLAG_VAR = re.compile(RECV + r'(?P<fn>(?:' + FN + r')?Var\w*)\(\s*&?[\w.\[\]]+(?:\([^()]*\)|\{[^{}]*\})?\s*,\s*' + NAME, re.S)
FLAG_PLAIN = re.compile(RECV + r'(?P<fn>(?:String|Bool|Int|Int32|Int64|Uint|Float64|Float32|Duration|StringSlice|StringArray|StringToString|IntSlice|Count)P?)\(\s*' + NAME, re.S)
class _Both:
    def finditer(self, text):
        return sorted(list(FLAG_VAR.finditer(text)) + list(FLAG_PLAIN.finditer(text)), key=lambda m: m.start())
FLAG = _Both()
CONST = re.compile(r'\b([A-Za-z_]\w*)\s*=\s*"([a-z0-9][a-z0-9-]*)"')
FUNC = re.compile(r'^func\s+(?:\(\s*\w*\s*\*?(\w+)(?:\[[^\]]*\])?\s*\)\s*)?(\w+)\s*\(', re.M)
IMPORT = re.compile(r'^\s*(?:(\w+)\s+)?"([^"]+)"\s*$', re.M)
CALL = re.compile(r'\b(?:(\w+)\.)?([A-Za-z_]\w*)\(')

class Repo:
    def __init__(self, repo, tag, others=()):
        self.repo, self.tag = repo, tag
        self.others = {o.module: o for o in others}
        gomod = self.show('go.mod')
        self.module = re.search(r'^module\s+(\S+)', gomod, re.M).group(1)
        self.cache, self.dirconsts = {}, {}
        self.label = None
    def show(self, path):
        return subprocess.run(['git','-C',self.repo,'show',f'{self.tag}:{path}'],capture_output=True,text=True,check=True).stdout
    def ls(self, d):
        out = subprocess.run(['git','-C',self.repo,'ls-tree','--name-only',self.tag, d.rstrip('/') + '/'],capture_output=True,text=True,check=True).stdout.split()
        return [p for p in out if p.endswith('.go') and not p.endswith('_test.go')]
    def text(self, path):
        if path not in self.cache: self.cache[path] = self.show(path)
        return self.cache[path]
    def consts(self, d):
        if d not in self.dirconsts:
            c = {}
            for p in self.ls(d):
                for k, v in CONST.findall(self.text(p)): c.setdefault(k, v)
            self.dirconsts[d] = c
        return self.dirconsts[d]
    def imports(self, path):
        t = self.text(path); out = {}
        m = re.search(r'^import\s*\((.*?)^\)', t, re.M | re.S)
        block = m.group(1) if m else '\n'.join(re.findall(r'^import\s+(.*)$', t, re.M))
        for alias, mod in IMPORT.findall(block):
            for r in [self, *self.others.values()]:
                if mod.startswith(r.module + '/'):
                    d = mod[len(r.module) + 1:]
                    out[alias or d.split('/')[-1]] = (r, d)
        return out
    def resolve(self, path, ident):
        if ident.startswith('"'): return ident[1:-1]
        d = os.path.dirname(path)
        if '.' in ident:
            pkg, name = ident.split('.', 1)
            target = self.imports(path).get(pkg)
            return target[0].consts(target[1]).get(name) if target else None
        return self.consts(d).get(ident)
    def funcs(self, d):
        """name -> [(path, body)] for every function of the package in directory d."""
        if not hasattr(self, '_funcs'): self._funcs = {}
        if d in self._funcs: return self._funcs[d]
        out = self._funcs[d] = {}
        for p in self.ls(d):
            t = self.text(p); ms = list(FUNC.finditer(t))
            for i, m in enumerate(ms):
                end = ms[i+1].start() if i+1 < len(ms) else len(t)
                key = f'{m.group(1)}.{m.group(2)}' if m.group(1) else m.group(2)
                out.setdefault(key, []).append((p, t[m.start():end]))
        return out
    def flags_in(self, path, body, persistent_only=False):
        found = {}
        for m in FLAG.finditer(body):
            if persistent_only and not body[max(0,m.start()-10):m.start()].endswith('Persistent'): continue
            name = self.resolve(path, m.group('name'))
            if not name: continue
            short = None
            if m.group('fn').endswith('P') and m.group('short'): short = self.resolve(path, m.group('short'))
            found[name] = short or found.get(name)
        return found
    def collect(self, d, roots, seen=None, files=None, persistent_only=False):
        """Flags set in the root functions and in the module's functions they call (one level of qualified calls)."""
        seen = set() if seen is None else seen
        files = set() if files is None else files
        fs = self.funcs(d); out = {}
        for r in roots:
            if (self.module, d, r) in seen or r not in fs: continue
            seen.add((self.module, d, r))
            for path, body in fs[r]:
                got = self.flags_in(path, body, persistent_only)
                # Files of another module (kubectl's cli-runtime) are named with it.
                if got: files.add(f'{self.label}:{path}' if self.label else path)
                for n, s in got.items(): out[n] = s or out.get(n)
                imports = self.imports(path)
                for pkg, name in set(CALL.findall(body)):
                    # Only helpers named for flags (addFlags, AddDryRunFlag, bindOutputFlag, …):
                    # following every call would pull in every command of the program.
                    if (name == r and not pkg) or 'Flag' not in name: continue
                    if pkg and pkg in imports: repo, where, key = imports[pkg][0], imports[pkg][1], name
                    elif not pkg and name in fs: repo, where, key = self, d, name
                    elif pkg:
                        # o.PrintFlags.AddFlags(cmd): a field named after its type, by Go habit.
                        key = f'{pkg}.{name}'
                        spots = [(self, d)] + list(imports.values())
                        hit = [(rr, dd) for rr, dd in spots if key in rr.funcs(dd)]
                        if not hit:
                            # A local variable (flags := NewApplyFlags(…); flags.AddFlags(cmd)): take
                            # every *Flags/*Options type's method of that name here and in the imports.
                            # Too many flags only makes the check lenient; too few would report real flags.
                            for rr, dd in spots:
                                for k in rr.funcs(dd):
                                    if '.' in k and k.endswith('.' + name) and re.search(r'(Flags|Options)$', k.split('.')[0]):
                                        sub = rr.collect(dd, [k], seen, files)
                                        for n, s in sub.items(): out[n] = s or out.get(n)
                            continue
                        repo, where = hit[0]
                    else: continue
                    sub = repo.collect(where, [key], seen, files)
                    for n, s in sub.items(): out[n] = s or out.get(n)
        return out

def table(tool, repo, tag, glob, gsources, cmds):
    return {'tool': tool, 'repo': repo, 'tag': tag, 'global': {'flags': sorted([k, v] for k, v in glob.items()), 'sources': sorted(gsources)}, 'commands': cmds}
