#version 330 core
// Round, softly edged points; fully transparent points (hidden groups) are discarded.
in vec4 v_color;
out vec4 frag_color;

void main() {
    vec2 d = gl_PointCoord * 2.0 - 1.0;
    float r2 = dot(d, d);
    if (r2 > 1.0 || v_color.a <= 0.0) discard;
    float edge = 1.0 - smoothstep(0.6, 1.0, r2);
    frag_color = vec4(v_color.rgb, v_color.a * edge);
}
