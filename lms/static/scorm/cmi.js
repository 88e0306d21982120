// The CMI data model in the browser: GetValue/SetValue with the rules and error codes of
// SCORM 1.2 and 2004. A port of lms/scorm/datamodel/engine.py; both read the same element
// table (sent by the server), so the SCO gets the answer the server will give on commit.
(function (global) {
  "use strict";

  var KEYWORDS = ["_children", "_count", "_version"];
  var VALID_TARGET = /^adl\.nav\.request_valid\.(choice|jump)\.\{target=([^{}]+)\}$/;
  var INDEX = /^(0|[1-9][0-9]{0,5})$/;
  var cache = {};

  function full(pattern, value) {
    if (!cache[pattern]) { cache[pattern] = new RegExp(pattern); }
    return cache[pattern].test(value);
  }

  function CmiError(code, diagnostic) {
    this.code = code;
    this.diagnostic = diagnostic;
  }

  function Cmi(table, values, counts, navigation) {
    this.table = table;
    this.values = values || {};
    this.counts = counts || {};
    this.navigation = navigation || {};
    this.version = table.version;
  }

  Cmi.prototype.fail = function (situation, diagnostic) {
    throw new CmiError(this.table.codes[situation] || this.table.codes.general, diagnostic);
  };

  // The element's pattern (indices as n) and its array levels.
  Cmi.prototype.parse = function (element) {
    var parts = element.split("."), pattern = [], levels = [];
    for (var i = 0; i < parts.length; i += 1) {
      if (/^[0-9]+$/.test(parts[i])) {
        if (!INDEX.test(parts[i])) { this.fail("undefined", "Index " + parts[i] + " is not valid."); }
        levels.push({ path: parts.slice(0, i).join("."), pattern: pattern.join("."),
                      index: parseInt(parts[i], 10), rest: parts[i + 1] || "" });
        pattern.push("n");
      } else {
        pattern.push(parts[i]);
      }
    }
    return { pattern: pattern.join("."), levels: levels };
  };

  Cmi.prototype.checkIndices = function (levels, situation) {
    for (var i = 0; i < levels.length; i += 1) {
      if (levels[i].index >= (this.counts[levels[i].path] || 0)) {
        this.fail(situation, levels[i].path + "." + levels[i].index + " does not exist.");
      }
    }
  };

  Cmi.prototype.known = function (container) {
    return container in this.table.children || container in this.table.arrays ||
      container in this.table.elements;
  };

  Cmi.prototype.get = function (element) {
    if (typeof element !== "string" || element === "") { this.fail("empty_element", "The element name is empty."); }
    var target = VALID_TARGET.exec(element);
    if (target && this.version === "2004") {
      return (this.navigation[target[1]] || {})[target[2]] || "false";
    }
    var parsed = this.parse(element);
    var cut = parsed.pattern.lastIndexOf(".");
    var container = parsed.pattern.slice(0, cut), keyword = parsed.pattern.slice(cut + 1);
    if (keyword === "_children") {
      if (container in this.table.children) {
        this.checkIndices(parsed.levels, "get_index");
        return this.table.children[container];
      }
      this.fail(this.known(container) ? "no_children" : "undefined", element + ": no children.");
    }
    if (keyword === "_count") {
      if (container in this.table.arrays) {
        this.checkIndices(parsed.levels, "get_index");
        return String(this.counts[element.slice(0, element.lastIndexOf("."))] || 0);
      }
      this.fail(this.known(container) ? "no_count" : "undefined", element + ": not an array.");
    }
    var spec = this.table.elements[parsed.pattern];
    if (!spec) { this.fail("undefined", element + " is not part of the data model."); }
    if (spec.access === "wo") { this.fail("write_only", element + " is write-only."); }
    this.checkIndices(parsed.levels, "get_index");
    if (parsed.pattern === "adl.nav.request_valid.continue" || parsed.pattern === "adl.nav.request_valid.previous") {
      return this.navigation[keyword] || spec["default"];
    }
    if (parsed.pattern === "cmi.completion_status" || parsed.pattern === "cmi.success_status") {
      return this.evaluated(parsed.pattern);
    }
    if (Object.prototype.hasOwnProperty.call(this.values, element)) { return this.values[element]; }
    if (spec["default"] === undefined && this.table.codes.not_initialized) {
      this.fail("not_initialized", element + " has not been set.");
    }
    return spec["default"] || "";
  };

  // SCORM 2004: statuses derived from the completion threshold and the passing score.
  Cmi.prototype.evaluated = function (pattern) {
    var spec = this.table.elements[pattern], v = this.values;
    var own = pattern in v ? v[pattern] : spec["default"];
    var completion = pattern === "cmi.completion_status";
    var threshold = v[completion ? "cmi.completion_threshold" : "cmi.scaled_passing_score"];
    var measure = v[completion ? "cmi.progress_measure" : "cmi.score.scaled"];
    if (threshold === undefined) { return own; }
    if (measure === undefined) { return "unknown"; }
    var good = parseFloat(measure) >= parseFloat(threshold);
    return completion ? (good ? "completed" : "incomplete") : (good ? "passed" : "failed");
  };

  Cmi.prototype.set = function (element, value) {
    if (typeof element !== "string" || element === "") {
      this.fail(this.version === "2004" ? "empty_set_element" : "empty_element", "The element name is empty.");
    }
    if (typeof value !== "string") { this.fail("type", "The value must be a string."); }
    var parsed = this.parse(element);
    var cut = parsed.pattern.lastIndexOf(".");
    var container = parsed.pattern.slice(0, cut), keyword = parsed.pattern.slice(cut + 1);
    if (KEYWORDS.indexOf(keyword) >= 0 && (container in this.table.children ||
        container in this.table.arrays || parsed.pattern in this.table.elements)) {
      this.fail("keyword", element + " is a keyword and cannot be set.");
    }
    var spec = this.table.elements[parsed.pattern];
    if (!spec) {
      if (VALID_TARGET.test(element) && this.version === "2004") { this.fail("read_only", element + " is read-only."); }
      this.fail("undefined", element + " is not part of the data model.");
    }
    if (spec.access === "ro") { this.fail("read_only", element + " is read-only."); }
    var created = this.checkRecords(parsed.levels);
    this.checkValue(element, spec, value, parsed.levels);
    this.checkUnique(element, parsed.pattern, value, parsed.levels);
    this.values[element] = value;
    for (var i = 0; i < created.length; i += 1) {
      this.counts[created[i]] = (this.counts[created[i]] || 0) + 1;
    }
  };

  Cmi.prototype.checkRecords = function (levels) {
    var created = [];
    for (var i = 0; i < levels.length; i += 1) {
      var level = levels[i], count = this.counts[level.path] || 0;
      if (level.index > count) { this.fail("index", level.path + "." + level.index + ": the next index is " + count + "."); }
      if (level.index === count) {
        if (this.version === "2004" && this.table.arrays[level.pattern] === "id" && level.rest !== "id") {
          this.fail("dependency", "Set " + level.path + "." + level.index + ".id first.");
        }
        created.push(level.path);
      }
    }
    return created;
  };

  function textLength(spec, value) {
    if (spec.pattern && spec.pattern.indexOf("^(?:\\{lang=") === 0 && value.indexOf("{lang=") === 0 && value.indexOf("}") > 0) {
      return value.slice(value.indexOf("}") + 1).length;
    }
    return value.length;
  }

  Cmi.prototype.checkValue = function (element, spec, value, levels) {
    if (spec.max !== undefined && textLength(spec, value) > spec.max) {
      this.fail("type", element + " takes at most " + spec.max + " characters.");
    }
    if (spec.vocab && spec.vocab.indexOf(value) >= 0) { return; }
    if (spec.check) { this.checkResponse(spec.check, value, levels); return; }
    var accepted = [spec.pattern, spec.also].filter(Boolean);
    var matches = accepted.some(function (p) { return full(p, value); });
    if ((spec.vocab && !accepted.length) || (accepted.length && !matches)) {
      this.fail("type", JSON.stringify(value) + " is not a valid value for " + element + ".");
    }
    if ((spec.min_value !== undefined || spec.max_value !== undefined) && value !== "") {
      var number = parseFloat(value);
      if ((spec.min_value !== undefined && number < spec.min_value) || (spec.max_value !== undefined && number > spec.max_value)) {
        this.fail("range", value + " is out of range for " + element + ".");
      }
    }
  };

  Cmi.prototype.checkResponse = function (check, value, levels) {
    var interaction = levels[0].path + "." + levels[0].index;
    var kind = this.values[interaction + ".type"];
    if (kind === undefined) { this.fail("dependency", "Set " + interaction + ".type first."); }
    if (check === "pattern" && this.table.single_pattern_types.indexOf(kind) >= 0 && levels[levels.length - 1].index > 0) {
      this.fail("too_many", "A " + kind + " interaction has one correct response only.");
    }
    if (!full(this.table.responses[kind][check === "pattern" ? 1 : 0], value)) {
      this.fail("type", JSON.stringify(value) + " is not a valid " + kind + " response.");
    }
  };

  Cmi.prototype.checkUnique = function (element, pattern, value, levels) {
    if (this.version !== "2004" || !/\.id$/.test(pattern) || !levels.length) { return; }
    var level = levels[levels.length - 1];
    var current = this.values[element];
    if (current !== undefined && current !== value && pattern === "cmi.objectives.n.id") {
      this.fail("set_failure", element + " was set already and cannot change.");
    }
    for (var other = 0; other < (this.counts[level.path] || 0); other += 1) {
      if (other !== level.index && this.values[level.path + "." + other + ".id"] === value) {
        this.fail("unique", value + " is already the id of " + level.path + "." + other + ".");
      }
    }
  };

  global.LernraumCmi = { Cmi: Cmi, CmiError: CmiError };
}(window));
